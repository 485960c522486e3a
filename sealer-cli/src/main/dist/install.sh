#!/bin/sh
# Installs this sealer distribution: copies it to PREFIX/lib/sealer, links PREFIX/bin/sealer to its
# launcher and makes the start-up (AppCDS) archive for the Java found now, so that the first
# `sealer` run is as fast as the others. Safe to run again; a newer distribution replaces the old.
#
#   ./install.sh [--prefix DIR]
#
# PREFIX is --prefix, else /usr/local when run as root, else $HOME/.local (no root needed). Should
# the Java change later, bin/sealer makes a new archive on its next run (in lib/, or in
# ~/.cache/sealer/cds when lib/ is read-only to that user).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }
die() {
  echo "install.sh: could not install sealer: $*" >&2
  exit 1
}

prefix=
while [ $# -gt 0 ]; do
  case $1 in
    --prefix)
      [ $# -ge 2 ] || die "--prefix needs a directory"
      prefix=$2
      shift 2
      ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$prefix" ]; then
  if [ "$(id -u)" = 0 ]; then
    prefix=/usr/local
  elif [ -n "${HOME:-}" ]; then
    prefix=$HOME/.local
  else
    die "HOME is not set; give --prefix DIR"
  fi
fi
[ -f "$here/lib/sealer-cli.jar" ] && [ -x "$here/bin/sealer" ] \
  || die "$here is not a sealer distribution (no lib/sealer-cli.jar or bin/sealer)"
mkdir -p "$prefix/lib" "$prefix/bin" || die "cannot create $prefix/lib and $prefix/bin"
prefix=$(cd "$prefix" && pwd -P)
target=$prefix/lib/sealer

if [ "$here" != "$target" ]; then
  # Copy beside the old one, then swap: the old installation works until the new one is whole.
  new=$prefix/lib/.sealer.new.$$
  old=$prefix/lib/.sealer.old.$$
  trap 'rm -rf "$new" "$old"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir "$new" || die "cannot write to $prefix/lib"
  cp -R "$here/bin" "$here/lib" "$here/install.sh" "$new/" || die "cannot copy to $new"
  rm -f "$new"/lib/*.jsa "$new"/lib/*.jsa.failed "$new"/lib/.*.tmp
  if [ -e "$target" ]; then
    mv "$target" "$old" || die "cannot move the old $target aside"
  fi
  mv "$new" "$target" || die "cannot move $new to $target"
fi
ln -sfn ../lib/sealer/bin/sealer "$prefix/bin/sealer" || die "cannot link $prefix/bin/sealer"

if ! SEALER_CDS=prepare "$target/bin/sealer"; then
  echo "install.sh: sealer works without it, but starts about twice as slowly" >&2
fi
echo "installed $("$target/bin/sealer" version | head -n 1) to $target"
echo "command: $prefix/bin/sealer"
case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, e.g. export PATH=$prefix/bin:\$PATH" ;;
esac
