#!/usr/bin/env bash
# Where does a full backup's time go? Times, side by side on one running TCG VM and one disk,
# the ways a full can be taken, interleaved and repeated so a busy machine hurts all alike:
#   convert      qemu-img convert -U of the live disk (the machine's copy limit, the reference)
#   push         libvirt push backup-begin into a new qcow2 (what the engine does today)
#   push-reuse   push into a target pre-created by us (--reuse-external, 1 MiB clusters)
#   pull-convert pull-mode backup-begin, then qemu-img convert from its NBD export
# Usage: test/lab/bench-full-backup.sh [WORKDIR] [DISK_GIB] [DATA_MIB] [ROUNDS]
# Prints one line per measurement and the median per method. Cleans up its domain and files.
set -euo pipefail
work=${1:-.work/lab/bench}; gib=${2:-1}; data=${3:-512}; rounds=${4:-3}
V=(virsh -q -c qemu:///system)
dom=kbt-disk-bench-full
mkdir -p "$work"; work=$(cd "$work" && pwd)
cleanup() {
  "${V[@]}" destroy "$dom" >/dev/null 2>&1 || true
  "${V[@]}" undefine "$dom" --checkpoints-metadata >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cleanup; mkdir -p "$work/nbd"; chown libvirt-qemu "$work/nbd"

# Mixed data: random, text and a repeated pattern, then holes up to the disk size.
head -c $((data / 2))M /dev/urandom > "$work/data.raw"
(yes "kboss benchmark text line with some words in it" || true) | head -c $((data / 4))M >> "$work/data.raw"
head -c $((data / 4))M /dev/zero | tr '\0' '\253' >> "$work/data.raw"
qemu-img convert -f raw -O qcow2 "$work/data.raw" "$work/disk.qcow2"; rm "$work/data.raw"
qemu-img resize -q "$work/disk.qcow2" "${gib}G"
cat > "$work/dom.xml" <<XML
<domain type='qemu'><name>$dom</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>
<driver name='qemu' type='qcow2'/><source file='$work/disk.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>
XML
"${V[@]}" define "$work/dom.xml" >/dev/null; "${V[@]}" start "$dom" >/dev/null

now() { date +%s.%N; }
wait_job() { while "${V[@]}" domjobinfo "$dom" | grep -q 'Unbounded'; do sleep 0.02; done; }
push_xml() { echo "<domainbackup mode='push'><disks><disk name='vda' backup='yes' type='file'><target file='$1'/><driver type='qcow2'/></disk></disks></domainbackup>" > "$work/b.xml"; }
declare -A all=()
record() { echo "$1 $2"; all[$1]="${all[$1]:-} $2"; }

for r in $(seq 1 "$rounds"); do
  rm -f "$work"/out*; sync
  s=$(now); qemu-img convert -U -W -m 8 -f qcow2 -O qcow2 "$work/disk.qcow2" "$work/out-convert.qcow2"; e=$(now)
  record convert "$(echo "$e - $s" | bc)"

  rm -f "$work"/out*; sync; push_xml "$work/out-push.qcow2"
  s=$(now); "${V[@]}" backup-begin "$dom" "$work/b.xml" >/dev/null; wait_job; e=$(now)
  record push "$(echo "$e - $s" | bc)"

  rm -f "$work"/out*; sync; push_xml "$work/out-reuse.qcow2"
  s=$(now); qemu-img create -q -f qcow2 -o cluster_size=1M "$work/out-reuse.qcow2" "${gib}G"
  chown libvirt-qemu "$work/out-reuse.qcow2"
  "${V[@]}" backup-begin "$dom" "$work/b.xml" --reuse-external >/dev/null; wait_job; e=$(now)
  record push-reuse "$(echo "$e - $s" | bc)"

  rm -f "$work"/out* "$work"/nbd/*; sync
  echo "<domainbackup mode='pull'><server transport='unix' socket='$work/nbd/sock'/><disks><disk name='vda' backup='yes' type='file'><scratch file='$work/nbd/scratch.qcow2'/></disk></disks></domainbackup>" > "$work/p.xml"
  s=$(now); "${V[@]}" backup-begin "$dom" "$work/p.xml" >/dev/null
  qemu-img convert -W -m 8 -f raw "nbd+unix:///vda?socket=$work/nbd/sock" -O qcow2 "$work/out-pull.qcow2"
  "${V[@]}" domjobabort "$dom" >/dev/null; e=$(now)
  record pull-convert "$(echo "$e - $s" | bc)"
  qemu-img compare -q -U "$work/out-pull.qcow2" "$work/disk.qcow2" || echo "pull-convert copy differs!" >&2
done
echo "--- medians (s) of $rounds rounds, ${gib} GiB disk with ${data} MiB data, load $(cut -d' ' -f1 /proc/loadavg)"
for m in convert push push-reuse pull-convert; do
  echo "$m $(echo ${all[$m]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
