# shellcheck shell=bash
# Finds a JDK 25 or newer. Sourced by ./mandate and .ci/run; defines functions only.
#
#   mandate_find_jdk      sets MANDATE_JAVA_HOME and returns 0, or prints every place it looked
#                         to stderr and returns 1.
#
# Order: $JAVA_HOME, $TEMURIN25_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, any /usr/lib/jvm/*,
# then `java` on PATH. The first whose `java -version` is 25 or newer wins.

MANDATE_MIN_JAVA=25

# Prints the major version of the given java binary (8 for "1.8.0_402", 25 for "25.0.3").
mandate_java_major() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 ' version "') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  case "$version" in 1.*) version=${version#1.} ;; esac
  version=${version%%[.+-]*}
  case "$version" in '' | *[!0-9]*) return 1 ;; esac
  printf '%s\n' "$version"
}

# Checks one JDK home; records what it found in _mandate_jdk_report.
_mandate_try_home() {
  local label=$1 home=$2 major
  if [ -z "$home" ]; then
    _mandate_jdk_report+=("  $label: not set")
    return 1
  fi
  if [ ! -x "$home/bin/java" ]; then
    _mandate_jdk_report+=("  $label: $home (no bin/java)")
    return 1
  fi
  if ! major=$(mandate_java_major "$home/bin/java"); then
    _mandate_jdk_report+=("  $label: $home (java -version did not answer)")
    return 1
  fi
  if [ "$major" -lt "$MANDATE_MIN_JAVA" ]; then
    _mandate_jdk_report+=("  $label: $home (Java $major, too old)")
    return 1
  fi
  MANDATE_JAVA_HOME=$home
  return 0
}

# shellcheck disable=SC2016 # the labels name the variables on purpose
mandate_find_jdk() {
  _mandate_jdk_report=()
  # shellcheck disable=SC2034 # read by the scripts that source this file
  MANDATE_JAVA_HOME=
  _mandate_try_home '$JAVA_HOME' "${JAVA_HOME:-}" && return 0
  _mandate_try_home '$TEMURIN25_HOME' "${TEMURIN25_HOME:-}" && return 0
  _mandate_try_home 'default' /usr/lib/jvm/temurin-25-jdk-amd64 && return 0
  local dir
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] || continue
    [ "$dir" = /usr/lib/jvm/temurin-25-jdk-amd64 ] && continue
    _mandate_try_home '/usr/lib/jvm' "$dir" && return 0
  done
  local java_on_path
  if java_on_path=$(command -v java 2>/dev/null); then
    local resolved
    resolved=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
    _mandate_try_home "java on PATH ($java_on_path)" "$(dirname "$(dirname "$resolved")")" && return 0
  else
    _mandate_jdk_report+=("  java on PATH: none")
  fi
  {
    echo "mandate: no JDK $MANDATE_MIN_JAVA or newer found. Looked at:"
    printf '%s\n' "${_mandate_jdk_report[@]}"
    echo "Install a JDK $MANDATE_MIN_JAVA (e.g. Eclipse Temurin $MANDATE_MIN_JAVA) and set JAVA_HOME or TEMURIN25_HOME to it."
  } >&2
  return 1
}
