#!/usr/bin/env bash
# The AVX-512 half of the dispatch test (tests/unit/dispatch) on a machine whose CPU has no AVX-512:
# boots Debian's own kernel under Bochs's emulated Skylake-X (AVX-512 F, CD, BW, DQ, VL) with an
# initramfs holding a Meson build's dispatch_run programs, runs them there, and checks that
#   - the CPU check of the generic build (no -march, every kernel pass held) picks avx512 itself;
#   - its run with CTNET_KERNELS=avx512, and its run with no override, write bitwise the bytes of
#     the -march=x86-64-v4 build (dispatch off), over 2 MB of weights, losses and predictions;
#   - the emulator computes as the hardware does: its CTNET_KERNELS=avx2_fma run writes bitwise the
#     bytes this machine's own CPU writes (checked when this CPU runs avx2_fma).
# Not part of tests/run_all.sh or CI (about 5 minutes of emulation and, for Bochs, Debian's kernel
# package, 70 MB); run it by hand on a CPU without AVX-512. Emulated timings mean nothing: it checks
# results, not speed. docs/inference.md, "Which kernels run".
#
# Usage: bash tests/emulated/avx512_bochs.sh BUILD_DIR
#   BUILD_DIR: a configured and built Meson build directory of ctnet (for example build-test-gcc);
#   the script builds the two dispatch_run targets it needs in it. Installs Bochs, BusyBox, ISOLINUX
#   and xorriso from Debian's archive (root or sudo). Exit 0: every check held; 1: one did not.
set -euo pipefail
build=$(cd "${1:?usage: bash tests/emulated/avx512_bochs.sh BUILD_DIR}" && pwd)
work=$build/avx512_bochs
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(bochs bochsbios vgabios busybox-static isolinux syslinux-common xorriso cpio)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

dispatch=tests/unit/dispatch
ninja -C "$build" "$dispatch/dispatch_run_generic" "$dispatch/dispatch_run_avx512"
generic=$build/$dispatch/dispatch_run_generic
reference=$build/$dispatch/dispatch_run_avx512

rm -rf "$work/rootfs" "$work/iso"
mkdir -p "$work/rootfs"/{bin,lib,proc,sys,tmp} "$work/iso/isolinux"
cd "$work"

# Debian's kernel, as its package ships it (the version linux-image-amd64 depends on).
kernel_package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kernel_package" ] || { echo "no linux-image package found (apt-get update first?)"; exit 1; }
if [ ! -f "kernel/$kernel_package.vmlinuz" ]; then
  rm -rf kernel && mkdir kernel
  (cd kernel && apt-get download "$kernel_package" && dpkg-deb -x ./*.deb x)
  cp kernel/x/boot/vmlinuz-* "kernel/$kernel_package.vmlinuz"
  rm -rf kernel/x kernel/*.deb
fi
cp "kernel/$kernel_package.vmlinuz" iso/vmlinuz

# The programs and the shared libraries they load, at the paths they load them from.
cp /bin/busybox rootfs/bin/
cp "$generic" rootfs/bin/dispatch_run_generic
cp "$reference" rootfs/bin/dispatch_run_avx512
for lib in $(ldd "$generic" "$reference" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u); do
  mkdir -p "rootfs$(dirname "$lib")"
  cp -L "$lib" "rootfs$lib"
done

cat > rootfs/init <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
echo 1 > /proc/sys/kernel/printk   # the kernel's messages no longer cut into the lines below
cd /tmp
echo "ctnet-emu flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep '^avx512' | tr '\n' ' ')"
echo "ctnet-emu cpu: $(dispatch_run_generic --cpu)"
run() {  # NAME KERNELS PROGRAM
  if [ -n "$2" ]; then CTNET_KERNELS=$2 $3 /tmp/$1.bin > /tmp/$1.out 2>&1; else $3 /tmp/$1.bin > /tmp/$1.out 2>&1; fi
  code=$?
  echo "ctnet-emu run $1: exit $code, $(grep '^ran: ' /tmp/$1.out), $(wc -c < /tmp/$1.bin) bytes, sha256 $(sha256sum < /tmp/$1.bin | cut -d' ' -f1)"
  sed 's/^/    /' /tmp/$1.out
}
run reference "" dispatch_run_avx512
run avx512 avx512 dispatch_run_generic
run auto "" dispatch_run_generic
run avx2_fma avx2_fma dispatch_run_generic
dmesg | grep 'traps:' | sed 's/^/ctnet-emu kernel: /'   # where a program that died on a signal was
echo "ctnet-emu end"
sleep 1   # lets the serial port drain
poweroff -f
EOF
chmod +x rootfs/init
(cd rootfs && find . | cpio -o -H newc --quiet | gzip -1 > ../iso/initrd.gz)

# Kernel options, each for a gap in Bochs 2.7's emulation that the kernel trips on:
#   clearcpuid=321,323  XSAVEC and XSAVES: the compacted XSAVE size Bochs reports does not match its
#                       leaves, and the kernel then turns XSAVE (so AVX and AVX-512) off;
#   clearcpuid=515      PKU: CPUID leaf 0xD reports PKRU state but its sub-leaf is empty;
#   clearcpuid=131, idle=poll  no MWAIT idle loop;
#   ibt=off             no indirect-branch tracking.
# (Bochs's Tiger Lake model hangs this kernel after "LSM: Security Framework initializing"; its
# Skylake-X model boots it.)
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 iso/isolinux/
cat > iso/isolinux/isolinux.cfg <<'EOF'
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  APPEND initrd=/initrd.gz console=ttyS0,115200 mitigations=off nokaslr lpj=1000000 panic=-1 tsc=reliable clearcpuid=515,323,321,131 idle=poll ibt=off
EOF
rm -f boot.iso
xorriso -as mkisofs -quiet -o boot.iso -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
  -boot-load-size 4 -boot-info-table iso

cat > bochsrc <<'EOF'
megs: 1024
cpu: model=corei7_skylake_x, count=1, ips=200000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
ata0-master: type=cdrom, path=boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=serial.txt
display_library: rfb, options="timeout=0"
log: bochs.log
clock: sync=none, time0=local
mouse: enabled=0
EOF
printf 'continue\nquit\n' > bochs.rc   # Debian's Bochs starts in its debugger
rm -f serial.txt
echo "booting under Bochs (about 5 minutes); the guest's console goes to $work/serial.txt"
started=$SECONDS
timeout 1800 bochs -q -f bochsrc -rc bochs.rc > bochs.stdout 2>&1 < /dev/null || true
echo "Bochs ran $((SECONDS - started)) s"

tr -d '\r' < serial.txt > console.txt   # the serial console ends its lines with CR LF
grep -q '^ctnet-emu end' console.txt || { tail -30 console.txt; echo "the guest did not finish its runs"; exit 1; }
sed -n '/^ctnet-emu flags/,/^ctnet-emu end/p' console.txt | grep -v '^\[ *[0-9.]*\]'
line() { grep "^ctnet-emu run $1:" console.txt; }
sha() { line "$1" | sed 's/.*sha256 //'; }
failed=0
check() {  # MESSAGE CONDITION...
  local message=$1
  shift
  if "$@"; then echo "ok: $message"; else echo "FAILED: $message"; failed=1; fi
}
check "the emulated CPU has AVX-512 F, CD, BW, DQ and VL" \
  bash -c '[ "$(grep "^ctnet-emu flags" console.txt | wc -w)" -ge 7 ]'
check "the generic build's CPU check puts avx512 first" grep -q '^ctnet-emu cpu: avx512 avx2_fma portable' console.txt
for run in reference avx512 auto; do
  check "run $run exits 0 having run avx512 kernels" bash -c "grep -q '^ctnet-emu run $run: exit 0, ran: avx512, ' console.txt"
done
check "the reference run writes over 1 MB" bash -c "[ \"\$(grep '^ctnet-emu run reference:' console.txt | sed 's/.*, \([0-9]*\) bytes.*/\1/')\" -gt 1000000 ]"
check "CTNET_KERNELS=avx512 on the generic build: bitwise the x86-64-v4 build's bytes" [ "$(sha avx512)" = "$(sha reference)" ]
check "no override on the generic build: bitwise the x86-64-v4 build's bytes" [ "$(sha auto)" = "$(sha reference)" ]
if "$generic" --cpu | grep -qw avx2_fma; then
  CTNET_KERNELS=avx2_fma "$generic" "$work/host_avx2_fma.bin" > /dev/null
  check "the emulator's avx2_fma run: bitwise this CPU's own avx2_fma run" \
    [ "$(sha avx2_fma)" = "$(sha256sum < "$work/host_avx2_fma.bin" | cut -d' ' -f1)" ]
else
  echo "skipped: this CPU does not run avx2_fma, so the emulator is not checked against it"
fi
[ "$failed" = 0 ] && echo "every check held" || echo "a check failed"
exit "$failed"
