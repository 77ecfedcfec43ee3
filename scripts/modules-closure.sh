#!/usr/bin/env bash
# Prints the modules NAME... need, as paths relative to the modules directory, in load order
# (every module after all it depends on, each once), from a kernel's modules.dep:
#   modules-closure.sh MODULES.DEP NAME...
# A NAME matches a module file's base name without .ko, with '-' and '_' alike (as modprobe
# does). Fails naming the first NAME that modules.dep does not list.
set -euo pipefail
dep=${1:-}
[ -n "$dep" ] && [ $# -ge 2 ] || { echo "usage: $0 MODULES.DEP NAME..." >&2; exit 2; }
shift
[ -f "$dep" ] || { echo "modules-closure: no $dep" >&2; exit 1; }
awk -v want="$*" '
function norm(s) { sub(/.*\//, "", s); sub(/\.ko(\.[a-z]+)?$/, "", s); gsub(/-/, "_", s); return s }
function visit(p,   n, i, d) {
	if (p in done) return
	if (p in busy) { printf "modules-closure: dependency cycle at %s\n", p > "/dev/stderr"; exit 1 }
	busy[p] = 1
	n = split(deps[p], d, " ")
	for (i = 1; i <= n; i++) {
		if (!(d[i] in deps)) { printf "modules-closure: %s needs %s, which modules.dep does not list\n", p, d[i] > "/dev/stderr"; exit 1 }
		visit(d[i])
	}
	done[p] = 1
	print p
}
{
	p = $1; sub(/:$/, "", p)
	deps[p] = ""
	for (i = 2; i <= NF; i++) deps[p] = deps[p] " " $i
	byname[norm(p)] = p
}
END {
	n = split(want, w, " ")
	for (i = 1; i <= n; i++) {
		k = w[i]; gsub(/-/, "_", k)
		if (!(k in byname)) { printf "modules-closure: no module %s in modules.dep\n", w[i] > "/dev/stderr"; exit 1 }
		visit(byname[k])
	}
}' "$dep"
