#!/usr/bin/env bash
# Builds the tiny guest the disk tests boot: a Debian cloud kernel, a busybox initramfs that runs
# Debian's qemu-ga on the virtio-serial port, and an empty ext4 data disk for /dev/vda.
# Everything comes from Debian's packages (apt-get download), nothing is compiled.
#
# The same kernel and initramfs also boot a guest whose root file system is its disk (for backup
# validation: a damaged backup must fail to boot or to check for real): with kboss.root=/dev/vda
# on the kernel command line the initramfs mounts /dev/vda and switch_roots into it. root.raw is
# that disk: busybox, qemu-ga (started by its /sbin/init) and /kboss-check.bin, 24 MiB of random
# data whose `sha256sum /kboss-check.bin` line is in check.sha256.
#
# Usage: test/lab/build-tiny-guest.sh [CACHE_DIR]   (default .work/lab)
# Output in CACHE_DIR/tiny-guest/: vmlinuz, initrd.img, data.raw (64 MiB ext4), root.raw (96 MiB
# ext4), check.sha256, READY.
# Idempotent: when READY exists and names the same inputs, nothing is rebuilt.
set -euo pipefail

cache=${1:-.work/lab}
out="$cache/tiny-guest"
mkdir -p "$out"
out=$(cd "$out" && pwd)

kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
if [ -z "$kernel_pkg" ]; then
  echo "build-tiny-guest: no linux-image-cloud-amd64 in apt's lists; run 'apt-get update' first" >&2
  exit 1
fi
stamp="kernel=$kernel_pkg format=4"
if [ -f "$out/READY" ] && [ "$(cat "$out/READY")" = "$stamp" ]; then
  exit 0
fi

for tool in dpkg-deb cpio mkfs.ext4 ldd gzip; do
  command -v "$tool" >/dev/null || { echo "build-tiny-guest: $tool is missing; run bin/kboss-deps" >&2; exit 1; }
done

work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download writes into the current folder; _apt cannot write here, so it warns and
# downloads as root, which is fine for a throwaway build folder.
apt-get download -q "$kernel_pkg" qemu-guest-agent busybox-static 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
for deb in ./*.deb; do dpkg-deb -x "$deb" pkg; done

kver=${kernel_pkg#linux-image-}
moddir=pkg/lib/modules/$kver
root=initramfs
mkdir -p $root/{bin,sbin,dev,proc,sys,mnt,tmp,run,var/run,etc,lib/modules/$kver}
cp pkg/bin/busybox $root/bin/busybox

# Modules for the virtio disk, the guest agent's serial port and ext4, with their dependencies
# read from each module's own .modinfo "depends=" entry (the package ships no modules.dep and
# depmod is not needed for this), loaded in dependency order by the guest's init.
wanted=(virtio_pci virtio_blk virtio_console ext4)
declare -A path_of=() seen=()
while read -r ko; do
  name=$(basename "$ko" .ko); path_of[${name//-/_}]=${ko#"$moddir"/}
done < <(find "$moddir/kernel" -name '*.ko')
order=()
add_module() {
  local name=${1//-/_} path dep
  path=${path_of[$name]:-}
  [ -n "$path" ] || return 0          # built into the kernel
  [ -n "${seen[$name]:-}" ] && return 0
  seen[$name]=1
  for dep in $(tr '\0' '\n' < "$moddir/$path" | sed -n 's/^depends=//p' | tr ',' ' '); do
    add_module "$dep"
  done
  order+=("$path")
}
for m in "${wanted[@]}"; do add_module "$m"; done
# (the guest booting from /dev/vda needs the same modules, loaded by the initramfs before switch_root)
: > $root/etc/modules.order
for path in "${order[@]}"; do
  mkdir -p "$root/lib/modules/$kver/$(dirname "$path")"
  cp "$moddir/$path" "$root/lib/modules/$kver/$path"
  echo "/lib/modules/$kver/$path" >> $root/etc/modules.order
done

# qemu-ga with the shared libraries it links against (from the host, the same Debian release).
cp pkg/usr/sbin/qemu-ga $root/sbin/qemu-ga
ldd pkg/usr/sbin/qemu-ga | awk '/=>/ {print $3} /^\s*\/lib/ {print $1}' | while read -r lib; do
  [ -f "$lib" ] || continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
if [ -e /lib64/ld-linux-x86-64.so.2 ]; then
  mkdir -p $root/lib64 && cp -L /lib64/ld-linux-x86-64.so.2 $root/lib64/
fi

cat > $root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r ko; do insmod "$ko"; done < /etc/modules.order
for _ in $(seq 1 100); do [ -b /dev/vda ] && [ -e /dev/vport0p1 ] && break; sleep 0.1; done
if grep -q 'kboss.root=/dev/vda' /proc/cmdline; then
  # The guest boots from its disk: a disk that cannot be mounted powers the guest off at once.
  mkdir -p /newroot
  if mount -t ext4 /dev/vda /newroot && [ -x /newroot/sbin/init ]; then
    umount /sys /proc
    mount --move /dev /newroot/dev
    exec switch_root /newroot /sbin/init
  fi
  echo "tiny-guest: cannot boot from /dev/vda" | tee /dev/tty0 > /dev/console
  poweroff -f
fi
mount -t ext4 /dev/vda /mnt || echo "tiny-guest: cannot mount /dev/vda" > /dev/console
mkdir -p /dev/virtio-ports
ln -sf /dev/vport0p1 /dev/virtio-ports/org.qemu.guest_agent.0
echo "tiny-guest: starting qemu-ga" > /dev/console
exec /sbin/qemu-ga -m virtio-serial -p /dev/vport0p1 -t /run
INIT
chmod +x $root/init

(cd $root && find . | cpio -o -H newc --quiet) | gzip -1 > initrd.img
cp "pkg/boot/vmlinuz-$kver" vmlinuz

mkdir -p datafs
echo "tiny guest data disk" > datafs/README
truncate -s 64M data.raw
mkfs.ext4 -q -F -L kboss-data -d datafs data.raw

# The root file system of the guest that boots from its disk: busybox (its applets as links),
# qemu-ga with its libraries, an init that starts qemu-ga, and the file the validation checks.
rootfs=rootfs
mkdir -p $rootfs/{bin,sbin,dev,proc,sys,tmp,run,etc}
cp pkg/bin/busybox $rootfs/bin/busybox
for applet in $(pkg/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
cp -a $root/sbin/qemu-ga $rootfs/sbin/qemu-ga
for dir in lib lib64 usr; do [ -d "$root/$dir" ] && cp -a "$root/$dir" "$rootfs/"; done
cat > $rootfs/sbin/init <<'ROOTINIT'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/virtio-ports
ln -sf /dev/vport0p1 /dev/virtio-ports/org.qemu.guest_agent.0
echo "tiny-guest: running from its own disk, starting qemu-ga" | tee /dev/tty0 > /dev/console
exec /sbin/qemu-ga -m virtio-serial -p /dev/vport0p1 -t /run
ROOTINIT
chmod +x $rootfs/sbin/init
head -c 25165824 /dev/urandom > $rootfs/kboss-check.bin
echo "$(sha256sum < $rootfs/kboss-check.bin | cut -d' ' -f1)  /kboss-check.bin" > check.sha256
truncate -s 96M root.raw
mkfs.ext4 -q -F -L kboss-root -d $rootfs root.raw

mv vmlinuz initrd.img data.raw root.raw check.sha256 "$out/"
echo "$stamp" > "$out/READY"
echo "build-tiny-guest: ready in $out"
