package dev.mandate.benchmarks.log;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments, each with an environment fallback: {@code
 * --open-rates} is also read from {@code <PREFIX>_OPEN_RATES}. The command line wins.
 */
final class Args {
  private final String envPrefix;
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> known;

  Args(String envPrefix, String[] args, Set<String> valueNames, Set<String> flagNames) {
    this.envPrefix = envPrefix;
    this.known = new HashSet<>(valueNames);
    this.known.addAll(flagNames);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        put(name.substring(0, eq), name.substring(eq + 1), valueNames);
      } else if (flagNames.contains(name)) {
        flags.add(name);
      } else if (valueNames.contains(name) && i + 1 < args.length) {
        put(name, args[++i], valueNames);
      } else {
        throw new IllegalArgumentException("unknown or incomplete option --" + name + "; options: "
            + valueNames.stream().sorted().map(n -> "--" + n + " V").toList() + " "
            + flagNames.stream().sorted().map(n -> "--" + n).toList());
      }
    }
  }

  private void put(String name, String value, Set<String> valueNames) {
    if (!valueNames.contains(name)) {
      throw new IllegalArgumentException("unknown option --" + name);
    }
    values.put(name, value);
  }

  private String env(String name) {
    return System.getenv(envPrefix + "_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  String string(String name, String fallback) {
    String v = values.get(name);
    if (v == null) {
      v = env(name);
    }
    return v == null ? fallback : v;
  }

  boolean flag(String name) {
    if (flags.contains(name)) {
      return true;
    }
    String v = env(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
  }

  double number(String name, double fallback) {
    String v = string(name, null);
    return v == null ? fallback : Double.parseDouble(v.replace("_", ""));
  }

  long integer(String name, long fallback) {
    String v = string(name, null);
    return v == null ? fallback : Long.parseLong(v.replace("_", ""));
  }

  /** A comma- or space-separated list of integers ({@code k} suffix for thousands); empty for "none". */
  int[] ints(String name, String fallback) {
    String v = string(name, fallback).trim();
    if (v.isEmpty() || v.equals("none")) {
      return new int[0];
    }
    return Arrays.stream(v.split("[,\\s]+")).mapToInt(Args::parseCount).toArray();
  }

  static int parseCount(String s) {
    s = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    if (s.endsWith("k")) {
      return (int) Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
    }
    if (s.endsWith("m")) {
      return (int) Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1_000_000);
    }
    return Integer.parseInt(s);
  }

  Set<String> known() {
    return known;
  }
}
