# Thin wrapper around meson. `make demo` and `make test` work on a fresh Debian 12 machine.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PACKAGES := meson ninja-build pkg-config gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross gdb-multiarch \
	libcunit1-dev libcapstone-dev libcjson-dev libfdt-dev qemu-system-arm qemu-user \
	python3 python3-unicorn libsdl2-dev libsdl2-ttf-dev libpng-dev fonts-dejavu-core xvfb xauth \
	device-tree-compiler cpio
BUILD := build
TESTBUILD := build-test

.PHONY: all deps build demo test bench clean
all: build

# Install only what is missing; silent when everything is present.
deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	./$(BUILD)/elsim run $(BUILD)/roms/el-tour.elf

# The test build: debug, with AddressSanitizer and UndefinedBehaviorSanitizer.
$(TESTBUILD)/build.ninja:
	meson setup $(TESTBUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

test: deps $(TESTBUILD)/build.ninja
	ninja -C $(TESTBUILD)
	ELSIM_BUILD=$(TESTBUILD) ./tests/run-all

# The long differential run: 1,000,000 FP/SIMD comparisons against QEMU, about 1.5 min
# (tests/diff/README.md).
.PHONY: test-long
test-long: build
	./tests/diff/run-diff --fpsimd --count 1000000 --seed long --sim "$(BUILD)/elsim run {elf}"

bench: build
	./benchmarks/run-bench $(BUILD)

# The ISCA 2016 virtualization microbenchmarks under roms/hyp's two hypervisors (docs/paper.md):
# the table on stdout, build/bench/paper.json and paper.svg.
.PHONY: bench-paper
bench-paper: build
	./$(BUILD)/elsim bench paper

# Real images (docs/real-images.md): Debian's Linux, Xen 4.17 and U-Boot, downloaded by package
# name into IMAGES (outside git) with the busybox initramfs built from them. The boot-* targets
# give a shell on the console (`poweroff -f` ends it); BOOT_OPTS adds elsim options, e.g.
# `make boot-linux BOOT_OPTS="--gic 2 --smp 4"`.
IMAGES ?= $(or $(ELSIM_IMAGES),$(HOME)/.cache/elsim-images)
BOOT_OPTS ?=
.PHONY: images boot-linux boot-xen boot-uboot test-images bench-boot
images:
	./scripts/images/fetch-images $(IMAGES)
	[ -f $(IMAGES)/disk.img ] || ./scripts/images/make-disk $(IMAGES)/disk.img

boot-linux: build images
	./$(BUILD)/elsim run $(IMAGES)/Image --initrd $(IMAGES)/initrd.gz \
		--append "console=ttyAMA0 elsim=shell" --drive $(IMAGES)/disk.img $(BOOT_OPTS)

boot-xen: build images
	./$(BUILD)/elsim run $(IMAGES)/xen --mem 1G --append "dom0_mem=256M console=dtuart" \
		--module 0x42000000,$(IMAGES)/Image,"console=hvc0 elsim=shell" \
		--module 0x46000000,$(IMAGES)/initrd.gz --drive $(IMAGES)/disk.img $(BOOT_OPTS)

boot-uboot: build images
	./$(BUILD)/elsim run --bios $(IMAGES)/u-boot.bin $(BOOT_OPTS)

# Linux with GICv2/v3 and 1, 2, 4 CPUs, determinism, Xen + dom0, U-Boot, on the release build.
test-images: build
	ELSIM_IMAGES=$(IMAGES) ./tests/images/run-image-tests $(BUILD)

# Debian arm64 glibc, OpenSSL, busybox, Python and the kernel's crypto against the host's results
# (docs/userland.md).
.PHONY: test-userland
test-userland: build
	ELSIM_IMAGES=$(IMAGES) ./tests/images/run-userland-tests $(BUILD) $(BOOT_OPTS)

bench-boot: build
	ELSIM_IMAGES=$(IMAGES) ./benchmarks/run-boot-bench $(BUILD)

clean:
	rm -rf $(BUILD) $(TESTBUILD)
