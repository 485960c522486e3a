# Host side of Sealer's rootfs distribution (io.sealer.filesystem.distribute).
#
# Sealer runs this script with /bin/bash once per step, after a prelude that sets:
#   OP      probe | hash | apply | commit
#   TARGET  the absolute target directory, e.g. /var/lib/sealer/data/mycluster/rootfs
#   DRY     1 in a dry run: `probe` then changes nothing
#   EXPECT  (probe, may be empty) the digest of the image's entries for this host; if the seal
#           says the record was written for exactly that and the target has not changed since,
#           probe answers "unchanged" (U) instead of sending the record and the listing
#   SEAL    (commit, may be empty) the digest of the image's entries the record is written for
# Beside TARGET it keeps:
#   TARGET.manifest       the record of what TARGET holds; written only by `commit`, after the data
#   TARGET.manifest.seal  SEAL, and a digest of TARGET's listing (find: type, mode, size, times,
#                         inode, link, path of every entry) and of the record, taken by `commit`
#   .NAME.staging/        where `apply` unpacks the stream: .sealer-plan, tree/<path>, tail/<path>,
#                         .sealer-end
#
# Everything exchanged with Sealer is a list of NUL-terminated tokens, so that any file name
# (spaces, newlines, quotes) passes unharmed. No path from the stream or the plan is trusted: each
# must be relative without '.' or '..' parts, and no file is ever written or removed below a
# symbolic link inside TARGET.
#
# Needs: bash, GNU coreutils (sha256sum, stat, mv, sort, comm, ...), GNU grep, GNU sed, GNU tar,
# GNU find.
# Exit codes: 0 done; 10 a tool is missing; 11 bad input from Sealer; 12 the stream ended early;
#             13 a file failed its digest check; 14 an unsafe path; 15 any other failure.

set -u
set -o pipefail
export LC_ALL=C

die() {
  local code=$1
  shift
  printf 'sealer-distribute: %s\n' "$*" >&2
  exit "$code"
}

# Fails with exit 10 and names the tool if this host lacks one the protocol needs.
require_tools() {
  local tool version
  ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))) ||
    die 10 "bash 4.4 or later is required, found $BASH_VERSION"
  for tool in tar find sha256sum stat mv rm rmdir mkdir chmod xargs sync cat split mktemp nproc tail tr grep sed sort comm head; do
    command -v "$tool" >/dev/null 2>&1 ||
      die 10 "required tool '$tool' is not installed on this host (needs bash, GNU coreutils, GNU grep, GNU sed, GNU tar, GNU find)"
  done
  version=$(tar --version 2>/dev/null)
  [[ $version == *"GNU tar"* ]] || die 10 "GNU tar is required, found: ${version%%$'\n'*}"
  printf '' | sha256sum -z >/dev/null 2>&1 || die 10 "sha256sum does not support -z (coreutils 8.27 or later is required)"
  [[ $(printf 'b\0a\0' | sort -z | head -z -n 1 | sed -z 's/a/c/' | tr -d '\0') == c ]] ||
    die 10 "sort, head and sed must support -z (GNU coreutils 8.25 and GNU sed 4.2.2 or later)"
  printf 'a\0' | grep -z -q -x a 2>/dev/null || die 10 "GNU grep (with -z) is required"
  find / -maxdepth 0 -printf '' >/dev/null 2>&1 || die 10 "GNU find (with -printf) is required"
}

EXPECT=${EXPECT:-} SEAL=${SEAL:-}
[[ ${TARGET:-} == /?* && $TARGET != *//* ]] || die 11 "target directory must be absolute: '${TARGET:-}'"
TARGET=${TARGET%/}
PARENT=${TARGET%/*}
[[ -n $PARENT ]] || PARENT=/
NAME=${TARGET##*/}
RECORD=$PARENT/$NAME.manifest
SEALFILE=$RECORD.seal
STAGE=$PARENT/.$NAME.staging
PLAN=$STAGE/.sealer-plan
TREE=$STAGE/tree
JOBS=$(nproc 2>/dev/null || echo 2)

# True if $1 is a relative path without empty, '.' or '..' parts.
safe_rel() {
  local p=$1
  [[ -n $p && $p != /* && $p != */ ]] || return 1
  case "/$p/" in
    */../* | */./* | *//*) return 1 ;;
  esac
  return 0
}

# True if TARGET/$1 and every directory above it (inside TARGET) is a real directory, not a link.
# Answers are cached in REAL; the cache is cleared after anything is removed.
declare -A REAL=()
real_dir() {
  local p=$1 rest comp cur=$TARGET
  [[ -z $p || -n ${REAL[$p]:-} ]] && return 0
  rest=$p
  while :; do
    comp=${rest%%/*}
    cur=$cur/$comp
    [[ -d $cur && ! -L $cur ]] || return 1
    [[ $rest == */* ]] || break
    rest=${rest#*/}
  done
  REAL[$p]=1
}

# Prints the first line (NUL-terminated, printed without the NUL) that `comm -z $1` gives for the
# sorted lists $2 and $3, e.g. `first_of -23 A B`: the first line of A that B lacks.
first_of() {
  comm -z "$1" -- "$2" "$3" | head -z -n 1 | tr -d '\0'
}

# Sets UP to the parent of path $1 ('' for a top-level entry), without a subshell.
parent_of() {
  if [[ $1 == */* ]]; then UP=${1%/*}; else UP=''; fi
}

# The sha256 tool: OpenSSL's when it works here (it uses the CPU's SHA instructions: about five
# times faster than coreutils' sha256sum, which is most of a first copy's CPU on the host), else
# sha256sum. Both give the same digests; only how they print differs.
HASHER=''
pick_hasher() {
  HASHER=sha256sum
  if [[ $(printf abc | openssl dgst -sha256 -r 2>/dev/null) == \
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad *stdin' ]] &&
    [[ $(printf './a\0./b\\c\0' | sed -z '/[\n\\]/d' 2>/dev/null | tr '\0' ' ') == './a ' ]]; then
    HASHER=openssl
  fi
}

# Prints "sha256  ./path\0" (sha256sum -z's format) for each NUL-separated path in file $1.
# OpenSSL prints "sha256 *./path\n" and escapes a name that holds a newline or a backslash, so
# such names (rare) go to sha256sum and the rest to openssl, whose lines are rewritten.
hash_chunk() {
  if [[ $HASHER == openssl ]]; then
    sed -z '/[\n\\]/!d' -- "$1" | xargs -0 -r sha256sum -z --
    sed -z '/[\n\\]/d' -- "$1" | xargs -0 -r openssl dgst -sha256 -r |
      sed -n 's/^\([0-9a-f]\{64\}\) \*/\1  /p' | tr '\n' '\0'
  else
    xargs -0 -r sha256sum -z -- <"$1"
  fi
}

# Prints "sha256  ./path\0" for every path (NUL-separated, relative to $2) listed in file $1,
# hashing in $JOBS parallel processes, each writing its own file so that outputs never interleave.
hash_list() {
  local list=$1 base=$2 work chunk pids=() status=0 pid
  [[ -s $list ]] || return 0
  [[ -n $HASHER ]] || pick_hasher
  work=$(mktemp -d) || die 15 "could not create a temporary directory"
  split -n "r/$JOBS" -t '\0' -- "$list" "$work/chunk." || { rm -rf -- "$work"; die 15 "could not split the hash list"; }
  for chunk in "$work"/chunk.*; do
    (cd -- "$base" && hash_chunk "$chunk" >"$chunk.out" 2>/dev/null) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  cat -- "$work"/chunk.*.out 2>/dev/null
  rm -rf -- "$work"
  return 0
}

# Reads hash_list output on stdin into the associative array GOT (path -> sha256).
declare -A GOT=()
read_hashes() {
  local -a lines
  local line p
  mapfile -d '' -t lines
  for line in "${lines[@]}"; do
    p=${line:66}
    GOT[${p#./}]=${line:0:64}
  done
}

# Reads the plan file into parallel arrays K (kind), A, B, C, O (arguments) and P (path).
# Plan entries (each field NUL-terminated):
#   F mode sha256 size offset path   a file staged under tree/ (offset > 0: its first offset bytes
#                                    were staged by an interrupted run, the rest comes as tail/path)
#   L target path                    a link staged under tree/
#   D mode path                      a directory to make (or fix the mode of)
#   M mode path                      a file already in place whose mode changes
#   X path                           remove (a directory only if empty)
#   R path                           remove a whole tree that must give way to a file or link
K=() A=() B=() C=() O=() P=()
read_plan() {
  local -a T
  local n i=0 kind a b c o p
  mapfile -d '' -t T <"$1" || die 15 "could not read the plan"
  n=${#T[@]}
  while ((i < n)); do
    kind=${T[i]} a='' b='' c=0 o=0
    case $kind in
      F)
        ((i + 5 < n)) || die 11 "plan truncated"
        a=${T[i + 1]} b=${T[i + 2]} c=${T[i + 3]} o=${T[i + 4]} p=${T[i + 5]}
        ((i += 6))
        [[ -n $c && $c != *[!0-9]* && -n $o && $o != *[!0-9]* ]] || die 11 "bad size or offset in plan"
        [[ ${#b} == 64 && $b != *[!0-9a-f]* ]] || die 11 "bad digest for $(printf '%q' "$p")"
        ;;
      L | D | M)
        ((i + 2 < n)) || die 11 "plan truncated"
        a=${T[i + 1]} p=${T[i + 2]}
        ((i += 3))
        ;;
      X | R)
        ((i + 1 < n)) || die 11 "plan truncated"
        p=${T[i + 1]}
        ((i += 2))
        ;;
      *) die 11 "unknown plan entry '$kind'" ;;
    esac
    safe_rel "$p" || die 14 "unsafe path in plan: $(printf '%q' "$p")"
    if [[ $kind == [FDM] && (-z $a || ${#a} -gt 4 || $a == *[!0-7]*) ]]; then
      die 11 "bad mode '$a' for $(printf '%q' "$p")"
    fi
    K+=("$kind") A+=("$a") B+=("$b") C+=("$c") O+=("$o") P+=("$p")
  done
}

list_target() {
  (cd -- "$TARGET" && find . -mindepth 1 -printf 'E\0%y\0%m\0%s\0%T@\0%C@\0%i\0%l\0%P\0') ||
    die 15 "could not list $TARGET"
}

# Prints the sha256 (hex) of stdin.
digest_stdin() {
  local sum
  [[ -n $HASHER ]] || pick_hasher
  if [[ $HASHER == openssl ]]; then sum=$(openssl dgst -sha256 -r); else sum=$(sha256sum); fi
  printf '%s' "${sum:0:64}"
}

# Prints the digest of what the seal vouches for: TARGET's listing and the record.
fingerprint() {
  { list_target && cat -- "$RECORD"; } | digest_stdin
}

# probe: prints the record (R), files staged by an interrupted run that still verify (S) or that
# are a prefix of the promised file (Q: the next stream sends only the rest), the paths that run
# may have placed (P), and the target's actual entries (E).
probe() {
  printf 'V\0%s\0' 1
  # One cheap check first: the seal matches what Sealer expects and nothing in the target moved.
  if [[ -n $EXPECT && ! -e $STAGE && -f $RECORD && -d $TARGET ]]; then
    if [[ -f $SEALFILE ]]; then
      local want='' stat=''
      { IFS= read -r want && IFS= read -r stat; } <"$SEALFILE"
      if [[ $want == "$EXPECT" && -n $stat && $(fingerprint) == "$stat" ]]; then
        printf 'U\0'
        return 0
      fi
    else
      printf 'N\0'
    fi
  fi
  if [[ -f $RECORD && ! -L $RECORD ]]; then
    printf 'R\0'
    cat -- "$RECORD" || die 15 "could not read $RECORD"
    printf '\0'
  fi
  if [[ -d $STAGE && ! -L $STAGE ]]; then
    if [[ -f $PLAN ]]; then
      check_staged
    elif [[ $DRY != 1 ]]; then
      rm -rf -- "$STAGE"
    fi
  fi
  if [[ -d $TARGET ]]; then list_target; fi
}

check_staged() {
  local i p list size staged=()
  read_plan "$PLAN"
  list=$(mktemp) || die 15 "could not create a temporary file"
  for i in "${!K[@]}"; do
    p=${P[$i]}
    printf 'P\0%s\0' "$p"
    if [[ ${K[$i]} == F && -f $TREE/$p && ! -L $TREE/$p ]]; then staged+=("$p"); fi
  done
  if ((${#staged[@]})); then printf './%s\0' "${staged[@]}" >"$list"; fi
  read_hashes < <(hash_list "$list" "$TREE")
  rm -f -- "$list"
  for i in "${!K[@]}"; do
    [[ ${K[$i]} == F ]] || continue
    p=${P[$i]}
    if [[ ${GOT[$p]:-} == "${B[$i]}" ]]; then
      printf 'S\0%s\0%s\0%s\0' "${B[$i]}" "${A[$i]}" "$p"
    elif [[ -f $TREE/$p && ! -L $TREE/$p ]] && size=$(stat -c %s -- "$TREE/$p") && ((size < C[i])); then
      printf 'Q\0%s\0%s\0%s\0%s\0' "${B[$i]}" "${A[$i]}" "$size" "$p"
    elif [[ $DRY != 1 ]]; then
      rm -f -- "$TREE/$p"
    fi
  done
}

# hash: stdin is a NUL-separated list of paths inside TARGET; prints their sha256sum -z lines.
hash_files() {
  local p list files=()
  list=$(mktemp) || die 15 "could not create a temporary file"
  while IFS= read -r -d '' p; do
    safe_rel "$p" || { rm -f -- "$list"; die 14 "unsafe path to hash: $(printf '%q' "$p")"; }
    if [[ -f $TARGET/$p && ! -L $TARGET/$p ]] && parent_of "$p" && real_dir "$UP"; then
      files+=("$p")
    fi
  done
  if ((${#files[@]})); then printf './%s\0' "${files[@]}" >"$list"; fi
  hash_list "$list" "$TARGET"
  rm -f -- "$list"
}

# apply: stdin is a tar stream (.sealer-plan and the lists derived from it, tree/..., .sealer-end).
# Unpacks it into the staging directory, checks every file's digest against the plan, removes what
# the plan says, makes directories, moves the staged files and links into place (rename: the whole
# staged tree at once into an empty target, else one mv per directory), sets modes, and prints the
# target's entries (E) as they now are. Work done for every file (paths checked, digests compared,
# files moved) goes through tools over whole lists; shell loops only cover the entries of
# .sealer-ops (directories, links, removals, mode changes, files completed from a part), which are
# few next to the files.
apply() {
  local i p d kind list tarlog bad want got
  mkdir -p -- "$TARGET" "$TREE" || die 15 "could not create $TARGET or $STAGE"
  rm -f -- "$STAGE/.sealer-end"
  tarlog=$STAGE/.tar-log
  # Write the data back to disk while it arrives (`sync -f` of this file system, again and again,
  # in the background), so that the flush that must come before the record finds little left
  # instead of all of it at the end. Safety does not depend on it: commit flushes anyway.
  (while sync -f -- "$STAGE" 2>/dev/null; do sleep 1; done) </dev/null >/dev/null 2>&1 &
  local flusher=$!
  if ! tar -x -p --no-same-owner -f - -C "$STAGE" 2>"$tarlog" || [[ ! -f $STAGE/.sealer-end ]]; then
    kill "$flusher" 2>/dev/null
    die 12 "the stream ended early or was damaged ($(tail -c 300 -- "$tarlog" 2>/dev/null | tr '\n' ' '));" \
      "files received so far stay in $STAGE and are checked and reused by the next run"
  fi
  kill "$flusher" 2>/dev/null
  wait "$flusher" 2>/dev/null
  # the last of the data goes to disk while it is checked below; waited for before the listing
  sync -f -- "$STAGE" </dev/null >/dev/null 2>&1 &
  flusher=$!
  local ops=$STAGE/.sealer-ops sums=$STAGE/.sealer-sums place=$STAGE/.sealer-place
  for list in "$ops" "$sums" "$place" "$STAGE/.sealer-batches"; do
    [[ -f $list && ! -L $list ]] || die 11 "the stream carries no ${list##*/}"
  done
  read_plan "$ops"
  # Every path to place must be relative, without empty, '.' or '..' parts: one grep for all.
  bad=$(grep -z -m 1 -E -e '^$|^/|/$|//|(^|/)[.][.]?(/|$)' -- "$place" | tr -d '\0')
  [[ -z $bad ]] || die 14 "unsafe path in plan: $(printf '%q' "$bad")"
  if grep -z -q -v -E -e '^[0-9a-f]{64}  [.]/' -- "$sums"; then
    die 11 "bad digest line in .sealer-sums"
  fi

  # 1. Complete the files an interrupted run staged in part with the rest the stream carried.
  local size
  for i in "${!K[@]}"; do
    [[ ${K[$i]} == F && ${O[$i]} != 0 ]] || continue
    p=${P[$i]}
    size=$(stat -c %s -- "$TREE/$p" 2>/dev/null) || size=-1
    if [[ $size != "${O[$i]}" || ! -f $STAGE/tail/$p ]]; then
      rm -f -- "$TREE/$p"
      die 13 "the staged start of $(printf '%q' "$p") is not the expected ${O[$i]} bytes; it is dropped and sent whole next time"
    fi
    cat -- "$STAGE/tail/$p" >>"$TREE/$p" || die 15 "could not complete $(printf '%q' "$p")"
    rm -f -- "$STAGE/tail/$p"
  done

  # 2. Check every staged file against the digest Sealer promised (hashed in parallel, both lists
  #    sorted and compared), that none of them is a link, and every staged link.
  want=$STAGE/.sums-want got=$STAGE/.sums-got list=$STAGE/.hash-list
  sed -z 's/^.\{66\}//' -- "$sums" >"$list" || die 15 "could not read $sums"
  sort -z -o "$want" -- "$sums" || die 15 "could not sort $sums"
  hash_list "$list" "$TREE" | sort -z >"$got"
  declare -A LINKS=()
  while IFS= read -r -d '' p && IFS= read -r -d '' d; do LINKS[$p]=$d; done < <(
    cd -- "$TREE" && find . -type l -printf '%P\0%l\0'
  )
  bad=$(first_of -23 "$want" "$got")
  if [[ -n $bad ]]; then
    p=${bad:68}
    rm -f -- "$TREE/$p"
    die 13 "$(printf '%q' "$p") failed its digest check (expected ${bad:0:64}); nothing was moved into place"
  fi
  if ((${#LINKS[@]})); then
    bad=$(first_of -12 <(sort -z -- "$list") <(printf './%s\0' "${!LINKS[@]}" | sort -z))
    [[ -z $bad ]] || die 13 "$(printf '%q' "${bad#./}") arrived as a link where the plan has a file; nothing was moved into place"
  fi
  for i in "${!K[@]}"; do
    p=${P[$i]}
    if [[ ${K[$i]} == L && ( ! -L $TREE/$p || ${LINKS[$p]:-} != "${A[$i]}" ) ]]; then
      die 13 "link $(printf '%q' "$p") did not arrive as promised; nothing was moved into place"
    fi
  done

  # 3. Remove what the image no longer has (files first, then emptied directories, then whole trees
  #    that must give way to a file). Nothing is removed below a link.
  local files=() dirs=() trees=()
  for i in "${!K[@]}"; do
    kind=${K[$i]} p=${P[$i]}
    [[ $kind == [XR] ]] || continue
    parent_of "$p" && real_dir "$UP" || continue
    if [[ $kind == R ]]; then
      trees+=("$TARGET/$p")
    elif [[ -d $TARGET/$p && ! -L $TARGET/$p ]]; then
      dirs+=("$TARGET/$p")
    else
      files+=("$TARGET/$p")
    fi
  done
  if ((${#files[@]})); then rm -f -- "${files[@]}" || die 15 "could not remove old files"; fi
  if ((${#dirs[@]})); then rmdir --ignore-fail-on-non-empty -- "${dirs[@]}" 2>/dev/null || true; fi
  if ((${#trees[@]})); then rm -rf -- "${trees[@]}" || die 15 "could not remove old directories"; fi
  REAL=()

  # 4. Into an empty target (a first copy) the staged tree moves whole, with one rename, if it
  #    holds exactly the files and links of the plan and no directory the plan does not make.
  if [[ -z $(find "$TARGET" -mindepth 1 -print -quit 2>/dev/null) ]] && staged_tree_is_exact; then
    rmdir -- "$TARGET" && mv -T -- "$TREE" "$TARGET" || die 15 "could not move $TREE to $TARGET"
  fi

  # 5. Make directories, parents first; anything else in a directory's place is removed first.
  local make=()
  for i in "${!K[@]}"; do
    [[ ${K[$i]} == D ]] || continue
    p=${P[$i]}
    parent_of "$p" && real_dir "$UP" || die 14 "a parent of $(printf '%q' "$p") is not a real directory on this host"
    if [[ -L $TARGET/$p || (-e $TARGET/$p && ! -d $TARGET/$p) ]]; then
      rm -rf -- "$TARGET/$p" || die 15 "could not remove $(printf '%q' "$p")"
    fi
    [[ -d $TARGET/$p ]] || make+=("$TARGET/$p")
    REAL[$p]=1
  done
  if ((${#make[@]})); then mkdir -- "${make[@]}" || die 15 "could not create directories"; fi

  # 6. Move verified files and links into place (unless the whole tree moved above): rename(2),
  #    one mv per run of paths in one directory, as .sealer-batches lists them.
  if [[ -d $TREE ]]; then
    move_batches "$place" "$STAGE/.sealer-batches"
  fi

  # 7. Modes: kept files whose mode changed, then directories (last, so a read-only directory
  #    does not stop its own contents from arriving).
  set_modes M
  set_modes D
  wait "$flusher" 2>/dev/null
  list_target
}

# True if the staged tree holds the files and links of .sealer-place and nothing else, and only
# directories that the plan makes (D) or that lead to its files.
staged_tree_is_exact() {
  local have=$STAGE/.have want=$STAGE/.place-sorted i
  (cd -- "$TREE" && find . -mindepth 1 ! -type d -printf '%P\0') | sort -z >"$have"
  sort -z -o "$want" -- "$STAGE/.sealer-place"
  [[ -z $(first_of -3 "$have" "$want") ]] || return 1
  (cd -- "$TREE" && find . -mindepth 1 -type d -printf '%P\0') | sort -z >"$have"
  {
    for i in "${!K[@]}"; do
      if [[ ${K[$i]} == D ]]; then printf '%s\0' "${P[$i]}"; fi
    done
  } | sort -z >"$want"
  [[ -z $(first_of -23 "$have" "$want") ]]
}

# Moves the staged paths of file $1 into place, in the runs of file $2 ("directory, count" pairs):
# each run's directory must be a real directory inside TARGET, then one mv takes the run.
move_batches() {
  local -a paths runs
  local n i=0 r=0 dir count
  mapfile -d '' -t paths <"$1" || die 15 "could not read $1"
  mapfile -d '' -t runs <"$2" || die 15 "could not read $2"
  n=${#paths[@]}
  cd -- "$TREE" || die 15 "could not enter $TREE"
  while ((r + 1 < ${#runs[@]})); do
    dir=${runs[r]} count=${runs[r + 1]}
    ((r += 2))
    [[ -n $count && $count != *[!0-9]* ]] && ((count > 0 && i + count <= n)) ||
      die 11 "bad run in .sealer-batches"
    [[ -z $dir ]] || safe_rel "$dir" || die 14 "unsafe path in plan: $(printf '%q' "$dir")"
    real_dir "$dir" || die 14 "$(printf '%q' "$dir") is not a real directory on this host"
    mv -f -t "$TARGET${dir:+/$dir}" -- "${paths[@]:i:count}" ||
      die 15 "could not move files into $TARGET/$dir"
    ((i += count))
  done
  ((i == n)) || die 11 "the runs of .sealer-batches do not cover every path to place"
  cd / || true
}

# Runs one chmod per distinct mode for the plan entries of kind $1; never through a link.
set_modes() {
  local i p mode paths
  declare -A modes=()
  for i in "${!K[@]}"; do
    if [[ ${K[$i]} == "$1" ]]; then modes[${A[$i]}]=1; fi
  done
  for mode in "${!modes[@]}"; do
    paths=()
    for i in "${!K[@]}"; do
      [[ ${K[$i]} == "$1" && ${A[$i]} == "$mode" ]] || continue
      p=${P[$i]}
      [[ -L $TARGET/$p || ! -e $TARGET/$p ]] && continue
      parent_of "$p" && real_dir "$UP" || continue
      paths+=("$TARGET/$p")
    done
    if ((${#paths[@]})); then
      printf '%s\0' "${paths[@]}" | xargs -0 chmod "$mode" -- || die 15 "could not set mode $mode"
    fi
  done
}

# commit: stdin is the new record. Flushes the data it describes to disk, then writes the record
# atomically (temporary file, sync, rename) and drops the staging directory.
commit() {
  local tmp=$RECORD.tmp.$$
  rm -f -- "$SEALFILE"
  sync -f -- "$TARGET" 2>/dev/null || sync
  cat >"$tmp" || { rm -f -- "$tmp"; die 15 "could not write $tmp"; }
  sync -- "$tmp" 2>/dev/null || sync
  mv -f -T -- "$tmp" "$RECORD" || { rm -f -- "$tmp"; die 15 "could not write $RECORD"; }
  sync -- "$PARENT" 2>/dev/null || true
  rm -rf -- "$STAGE"
  # The seal last: it only ever vouches for a record that is on disk. If it is lost, the next
  # probe takes the long way.
  if [[ ${#SEAL} == 64 && $SEAL != *[!0-9a-f]* ]]; then
    tmp=$SEALFILE.tmp.$$
    { printf '%s\n' "$SEAL" && fingerprint && printf '\n'; } >"$tmp" &&
      mv -f -T -- "$tmp" "$SEALFILE" || rm -f -- "$tmp"
  fi
}

require_tools
case $OP in
  probe) probe ;;
  hash) hash_files ;;
  apply) apply ;;
  commit) commit ;;
  *) die 11 "unknown operation '$OP'" ;;
esac
