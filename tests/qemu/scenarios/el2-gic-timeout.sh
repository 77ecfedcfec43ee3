DESC="a wait on GIC register bits that never clear gives up after its bound, says so, and boot goes on"
ARGS=(--smp 2 --mem 1G --selftest gic-timeout)
UNTIL='bulkhead: boot complete'
TIMEOUT=60
EXPECT=(
	'^bulkhead: selftest "gic-timeout" requested by /chosen/bulkhead,selftest$'
	'^gic: timeout: GICD_TYPER.ITLinesNumber \(selftest\) still set after 10 ms$'
	'^bulkhead: selftest: a GIC wait on bits that never clear gave up$'
)
REJECT=('FAIL')
