package dev.mandate.core.instruction;

import dev.mandate.core.instruction.Facts.Item;
import dev.mandate.core.instruction.Facts.Path;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads rule conditions from their data-file form: a JSON object with one operator. Operators:
 *
 * <ul>
 *   <li>{@code all}, {@code any}: a list of conditions; {@code not}: one condition.
 *   <li>{@code isTrue}, {@code isFalse}: the value at a path is exactly true / false ("not said"
 *       is neither).
 *   <li>{@code present}, {@code absent}: a value (a non-empty list or text) is / is not there.
 *   <li>{@code equals}: [path, value]; {@code oneOf}: [path, [values]] (any element of a list).
 *   <li>{@code gt}, {@code lt}: [path, number or path]; false unless both are numbers.
 *   <li>{@code some}, {@code every}: {"in": path, "where": condition}, the condition reading the
 *       element as {@code item.*}; {@code every} of nothing is true.
 *   <li>{@code under}: [path, term or [terms]]: a value is the term or narrower (DPV).
 *   <li>{@code allIn}: [path, path]: every value of the first is among the second's.
 *   <li>{@code allUnder}: [path, path]: every value of the first is one of the second's or narrower
 *       (DPV), e.g. an instruction's categories against the agreement clause's; {@code
 *       someUnder}: [path, path]: at least one is.
 *   <li>{@code inReference}: [path, set]: a value is in the named reference set on the analysis
 *       date; {@code adequate}: {"country": path, "list": name, "dpfCertified": path}.
 * </ul>
 */
public final class Conditions {
  private final Vocabulary vocabulary;
  private final ReferenceData reference;

  public Conditions(Vocabulary vocabulary, ReferenceData reference) {
    this.vocabulary = vocabulary;
    this.reference = reference;
  }

  /** Parses one condition; throws {@link IllegalArgumentException} saying what is wrong. */
  public Condition parse(Object node) {
    if (!(node instanceof Map<?, ?> map) || map.isEmpty()) {
      throw new IllegalArgumentException("a condition is an object with one operator, not " + node);
    }
    String op = (String) map.keySet().iterator().next();
    if (map.size() != 1) {
      throw new IllegalArgumentException("a condition has exactly one operator, found " + map.keySet());
    }
    Object arg = map.get(op);
    return switch (op) {
      case "all" -> all(list(arg, op).stream().map(this::parse).toList());
      case "any" -> any(list(arg, op).stream().map(this::parse).toList());
      case "not" -> not(parse(arg));
      case "isTrue" -> leaf(path(arg), v -> Boolean.TRUE.equals(v));
      case "isFalse" -> leaf(path(arg), v -> Boolean.FALSE.equals(v));
      case "present" -> leaf(path(arg), Conditions::present);
      case "absent" -> leaf(path(arg), v -> !present(v));
      case "equals" -> {
        List<?> a = pair(arg, op);
        Object expected = a.get(1);
        yield leaf(path(a.get(0)), v -> values(v).stream().anyMatch(x -> same(x, expected)));
      }
      case "oneOf" -> {
        List<?> a = pair(arg, op);
        List<?> allowed = list(a.get(1), op);
        yield leaf(path(a.get(0)), v -> values(v).stream().anyMatch(x -> allowed.stream().anyMatch(y -> same(x, y))));
      }
      case "gt" -> compare(pair(arg, op), true);
      case "lt" -> compare(pair(arg, op), false);
      case "some" -> quantifier(arg, op, false);
      case "every" -> quantifier(arg, op, true);
      case "under" -> {
        List<?> a = pair(arg, op);
        List<String> terms = a.get(1) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(a.get(1)));
        for (String t : terms) {
          if (kindOf(t) == null) {
            throw new IllegalArgumentException("under: unknown vocabulary term " + t);
          }
        }
        yield leaf(path(a.get(0)), v -> values(v).stream().anyMatch(x -> terms.stream().anyMatch(t -> under(x, t))));
      }
      case "allIn" -> {
        List<?> a = pair(arg, op);
        Path left = path(a.get(0));
        Path right = path(a.get(1));
        yield (facts, item, trace, negated) -> {
          Collection<Object> have = values(facts.get(right, item));
          boolean result = values(facts.get(left, item)).stream().allMatch(x -> have.stream().anyMatch(y -> same(x, y)));
          trace.add(Facts.display(left, item), result, negated);
          return result;
        };
      }
      case "allUnder", "someUnder" -> {
        List<?> a = pair(arg, op);
        Path left = path(a.get(0));
        Path right = path(a.get(1));
        boolean all = op.equals("allUnder");
        yield (facts, item, trace, negated) -> {
          Collection<Object> broader = values(facts.get(right, item));
          Collection<Object> narrower = values(facts.get(left, item));
          java.util.function.Predicate<Object> covered = x -> broader.stream().anyMatch(b -> b instanceof String t && under(x, t));
          boolean result = all ? narrower.stream().allMatch(covered) : narrower.stream().anyMatch(covered);
          trace.add(Facts.display(left, item), result, negated);
          return result;
        };
      }
      case "inReference" -> {
        List<?> a = pair(arg, op);
        String set = String.valueOf(a.get(1));
        if (!reference.hasSet(set)) {
          throw new IllegalArgumentException("inReference: no reference set " + set);
        }
        Path p = path(a.get(0));
        yield (facts, item, trace, negated) -> {
          boolean result = values(facts.get(p, item)).stream().anyMatch(x -> reference.contains(set, String.valueOf(x), facts.asOf()));
          trace.add(Facts.display(p, item), result, negated);
          return result;
        };
      }
      case "adequate" -> adequate(arg);
      default -> throw new IllegalArgumentException("unknown operator " + op);
    };
  }

  private Condition adequate(Object arg) {
    if (!(arg instanceof Map<?, ?> m) || !(m.get("country") instanceof String) || !(m.get("list") instanceof String list)) {
      throw new IllegalArgumentException("adequate: {\"country\": path, \"list\": name, \"dpfCertified\": path}");
    }
    if (!reference.hasAdequacyList(list)) {
      throw new IllegalArgumentException("adequate: no adequacy list " + list);
    }
    Path country = path(m.get("country"));
    Path dpf = m.get("dpfCertified") == null ? null : path(m.get("dpfCertified"));
    return (facts, item, trace, negated) -> {
      Object c = facts.get(country, item);
      boolean certified = dpf != null && Boolean.TRUE.equals(facts.get(dpf, item));
      boolean result = c instanceof String s && reference.adequate(list, s, certified, facts.asOf());
      trace.add(Facts.display(country, item), result, negated);
      return result;
    };
  }

  private Condition quantifier(Object arg, String op, boolean every) {
    if (!(arg instanceof Map<?, ?> m) || m.get("in") == null || m.get("where") == null) {
      throw new IllegalArgumentException(op + ": {\"in\": path, \"where\": condition}");
    }
    Path in = path(m.get("in"));
    Condition where = parse(m.get("where"));
    return (facts, item, trace, negated) -> {
      Object v = facts.get(in, item);
      List<?> elements = v instanceof List<?> l ? l : v == null ? List.of() : List.of(v);
      String base = Facts.display(in, item);
      for (int i = 0; i < elements.size(); i++) {
        Item element = new Item(elements.get(i), base + "[" + i + "]", item);
        int mark = trace.mark();
        boolean holds = where.test(facts, element, trace, negated);
        if (holds == negated) {
          trace.rollback(mark);
        }
        if (holds != every) {
          return !every;
        }
      }
      return every;
    };
  }

  private Condition compare(List<?> a, boolean greater) {
    Path left = path(a.get(0));
    Object right = a.get(1);
    Path rightPath = right instanceof String s ? path(s) : null;
    if (rightPath == null && !(right instanceof Number)) {
      throw new IllegalArgumentException("gt/lt compare a path with a number or another path");
    }
    return (facts, item, trace, negated) -> {
      Object l = facts.get(left, item);
      Object r = rightPath == null ? right : facts.get(rightPath, item);
      boolean result = l instanceof Number x && r instanceof Number y
          && (greater ? x.doubleValue() > y.doubleValue() : x.doubleValue() < y.doubleValue());
      trace.add(Facts.display(left, item), result, negated);
      return result;
    };
  }

  private static Condition all(List<Condition> parts) {
    return (facts, item, trace, negated) -> {
      int mark = trace.mark();
      for (Condition c : parts) {
        if (!c.test(facts, item, trace, negated)) {
          if (!negated) {
            trace.rollback(mark);
          }
          return false;
        }
      }
      if (negated) {
        trace.rollback(mark);
      }
      return true;
    };
  }

  private static Condition any(List<Condition> parts) {
    return (facts, item, trace, negated) -> {
      int mark = trace.mark();
      for (Condition c : parts) {
        if (c.test(facts, item, trace, negated)) {
          if (negated) {
            trace.rollback(mark);
          }
          return true;
        }
      }
      if (!negated) {
        trace.rollback(mark);
      }
      return false;
    };
  }

  private static Condition not(Condition inner) {
    return (facts, item, trace, negated) -> !inner.test(facts, item, trace, !negated);
  }

  private interface Test {
    boolean on(Object value);
  }

  private static Condition leaf(Path path, Test test) {
    return (facts, item, trace, negated) -> {
      boolean result = test.on(facts.get(path, item));
      trace.add(Facts.display(path, item), result, negated);
      return result;
    };
  }

  private boolean under(Object value, String term) {
    if (!(value instanceof String s)) {
      return false;
    }
    if (s.equals(term)) {
      return true;
    }
    TermKind kind = kindOf(term);
    return kind != null && vocabulary.isSubsumedBy(kind, s, term);
  }

  private TermKind kindOf(String term) {
    for (TermKind k : TermKind.values()) {
      if (vocabulary.isKnown(k, term)) {
        return k;
      }
    }
    return null;
  }

  static boolean present(Object v) {
    return v != null && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof String s && s.isBlank());
  }

  @SuppressWarnings("unchecked")
  static Collection<Object> values(Object v) {
    if (v == null) {
      return List.of();
    }
    return v instanceof Collection<?> c ? (Collection<Object>) c : List.of(v);
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a != null && a.equals(b);
  }

  private static Path path(Object o) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("expected a path, found " + o);
    }
    return Path.of(s);
  }

  private static List<?> list(Object o, String op) {
    if (!(o instanceof List<?> l) || l.isEmpty()) {
      throw new IllegalArgumentException(op + " needs a non-empty list");
    }
    return new ArrayList<>(l);
  }

  private static List<?> pair(Object o, String op) {
    if (!(o instanceof List<?> l) || l.size() != 2) {
      throw new IllegalArgumentException(op + " needs [path, value]");
    }
    return l;
  }
}
