DESC="U-Boot boots bulkhead from the boot disk; the platform report and all 4 CPUs online"
ARGS=(--smp 4 --mem 2G)
UNTIL='bulkhead: boot complete'
TIMEOUT=60
EXPECT=(
	'^U-Boot 2023\.01'
	'Found U-Boot script /boot\.scr'
	'^bulkhead 0\.1: static partitioning hypervisor for arm64$'
	'^bulkhead: running at EL2, image 0x40400000-'
	'^memory: 0x40000000-0xbfffffff \(2048 MiB\)$'
	'^memory: total 2048 MiB in 1 bank$'
	'^cpus: 4 \(mpidr 0x0 0x1 0x2 0x3\)$'
	# QEMU virt's low redistributor region is 0xf60000 bytes (room for 123 CPUs at 128 KiB).
	'^gic: GICv3 /intc@8000000 dist 0x8000000 redist 0x80a0000 \(0xf60000 bytes, 1 region\) its 0x8080000$'
	'^console: /pl011@9000000 at 0x9000000$'
	'^psci: smc$'
	'^smmu: /smmuv3@9050000 SMMUv3 at 0x9050000 #iommu-cells 1 irqs eventq=106 priq=107 cmdq-sync=108 gerror=109$'
	'^pci: /pcie@10000000 segment 0 ECAM 0x4010000000 \(256 MiB\) buses 0-255$'
	# QEMU's DT has no iommu-map-mask: the whole RID is used (mask 0xffffffff, as in Linux).
	'^pci:   iommu-map rid 0x0-0xffff -> /smmuv3@9050000 sid 0x0 \(mask 0xffffffff\)$'
	'^cpus: 4 of 4 online$'
)
# -smp 4: QEMU virt gives CPU n the MPIDR affinity n; CPU 0 boots, each other comes up once.
COUNT=(
	'1 ^cpu 0 online \(mpidr 0x0, boot CPU\)$'
	'1 ^cpu 1 online \(mpidr 0x1\)$'
	'1 ^cpu 2 online \(mpidr 0x2\)$'
	'1 ^cpu 3 online \(mpidr 0x3\)$'
	'4 ^cpu [0-9]+ online'
)
