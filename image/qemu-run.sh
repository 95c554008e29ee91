#!/bin/sh
# Boots a tpm-preflight image in QEMU (q35, TCG, OVMF) from an emulated USB
# stick, with a swtpm attached as tpm-crb or tpm-tis (tis12: a TPM 1.2 on
# tpm-tis), or no TPM at all. The run ends when the application shuts the
# machine down, or after --timeout.
#
# usage: qemu-run.sh --image IMG [--tpm crb|tis|tis12|none] [--tpm-state DIR]
#                    [--console | --serial-log FILE] [--timeout SECONDS] [--smbios QEMU-SMBIOS-SPEC]
#                      (default: type=1,serial=QEMU-PF-0001, a programmed serial as a shipped unit has;
#                       QEMU leaves it empty, which platform.serial warns about)
#                    [--secure-boot]   (OVMF with Secure Boot enforced and Debian's snakeoil keys enrolled)
#                    [--secboot-ms]    (OVMF with Secure Boot enforced and only Microsoft's keys, as shipped PCs
#                                       have: the shim stick's case, docs/secure-boot.md)
#                    [--vars FILE]     (the firmware's variables in FILE, kept after the run; copied from the
#                                       template when FILE does not exist: a MOK enrolled stays for the next boot)
#                    [--read-only]     (the stick is write-protected)
#                    [--serial-socket PATH]  (the console on a unix socket QEMU waits on: a test types keys)
#                    [--monitor-socket PATH]  (the QEMU monitor on a unix socket: a test takes a screendump)
#                    [--nic-tap IFNAME]  (a virtio-net NIC on an existing tap device, driven by OVMF's own
#                                         VirtioNetDxe: the option ROM is left out; the tests make the tap)
#                    [--nic-model MODEL]  (the --nic-tap NIC's QEMU device, virtio-net-pci by default; e1000,
#                                         without its option ROM, is a NIC OVMF has no driver for)
#                    [--stick-boots-first]  (bootindex=0 on the stick: with a NIC, the firmware goes on to its
#                                         shell after the stick, not to PXE)
#                    [--idle-nic-first]  (before it, a virtio-net NIC "idlenic" on an empty hub; a test can
#                                         take its link down with the monitor's set_link idlenic off)
#                    [--rtc-base YYYY-MM-DD]  (the machine's clock starts at that date instead of now)
#                    [--tpm-proxy 'ARGS']  (QEMU reaches swtpm through tests/swtpm/tpm_fault_proxy.py ctrl ARGS:
#                                         faults and latency on the TPM's data channel; the tests use it)
#                    [--no-rng]         (no virtio-rng-pci: OVMF then offers no EFI_RNG_PROTOCOL)
#                    [--cpu MODEL]      (QEMU's CPU model; the default, qemu64, has no RDRAND; "max" has it)
#                    [--pcspk]          (the PC speaker on a silent audio backend, as a unit's would be)
#                    [--trace-ports FILE]  (every guest write to a device region, QEMU's memory_region_ops_write trace event, logged to FILE)
#                    [--arch x64|aa64]  (aa64: the Arm64 application on QEMU's virt board under AAVMF, the TPM on
#                                         tpm-tis-device, stick/NIC/RNG as virtio MMIO devices; default cortex-a57)
#                    [--firmware uboot] (aa64 only: U-Boot's UEFI (qemu_arm64) through -bios instead of AAVMF)
set -eu
image="" tpm=crb state="" console=0 log="" timeout_s=180 smbios="type=1,serial=QEMU-PF-0001" secure=0 vars="" readonly=off serial_socket="" nic_tap="" monitor="-monitor none" idle_nic="" stick_boot="" rtc_base="" rng="-device virtio-rng-pci" cpu="" tpm_proxy="" arch=x64 firmware=edk2 pcspk="" machine_extra="" trace_ports=""
nic_model=virtio-net-pci
while [ $# -gt 0 ]; do
	case $1 in
	--image) image=$2; shift 2 ;;
	--tpm) tpm=$2; shift 2 ;;
	--tpm-state) state=$2; shift 2 ;;
	--console) console=1; shift ;;
	--serial-log) log=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--smbios) smbios=$2; shift 2 ;;
	--secure-boot) secure=1; shift ;;
	--secboot-ms) secure=ms; shift ;;
	--vars) vars=$2; shift 2 ;;
	--read-only) readonly=on; shift ;;
	--serial-socket) serial_socket=$2; shift 2 ;;
	--nic-tap) nic_tap=$2; shift 2 ;;
	--nic-model) nic_model=$2; shift 2 ;;
	--stick-boots-first) stick_boot=",bootindex=0"; shift ;;
	--idle-nic-first) idle_nic="-netdev hubport,id=idle,hubid=9 -device virtio-net-pci,id=idlenic,netdev=idle,romfile=,mac=52:54:00:00:00:01"; shift ;;
	--monitor-socket) monitor="-monitor unix:$2,server=on,wait=off"; shift 2 ;;
	--rtc-base) rtc_base=$2; shift 2 ;;
	--tpm-proxy) tpm_proxy=$2; shift 2 ;;
	--no-rng) rng=""; shift ;;
	--cpu) cpu="-cpu $2"; shift 2 ;;
	--pcspk) pcspk="-audiodev none,id=snd0"; machine_extra=",pcspk-audiodev=snd0"; shift ;;
	--trace-ports) trace_ports="-trace memory_region_ops_write -D $2"; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--firmware) firmware=$2; shift 2 ;;
	*) echo "qemu-run: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -f "$image" ] || { echo "qemu-run: no image $image" >&2; exit 2; }
code=/usr/share/OVMF/OVMF_CODE_4M.fd
vars_template=/usr/share/OVMF/OVMF_VARS_4M.fd
machine=q35
if [ "$secure" = 1 ]; then # Debian's OVMF secboot build needs SMM and a secure flash (measured: it hangs without)
	code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
	vars_template=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
	machine=q35,smm=on
fi
if [ "$secure" = ms ]; then # Microsoft's KEK and db only (OVMF_VARS_4M.ms.fd); S3 off, as the measured runs had it
	code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
	vars_template=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
	machine="q35,smm=on -global ICH9-LPC.disable_s3=1"
fi
if [ "$arch" = aa64 ]; then # AAVMF: Secure Boot needs no SMM on Arm; the snakeoil variables enrol Debian's test key
	code=/usr/share/AAVMF/AAVMF_CODE.fd vars_template=/usr/share/AAVMF/AAVMF_VARS.fd
	[ "$secure" = 1 ] && code=/usr/share/AAVMF/AAVMF_CODE.snakeoil.fd vars_template=/usr/share/AAVMF/AAVMF_VARS.snakeoil.fd
	[ "$secure" = ms ] && code=/usr/share/AAVMF/AAVMF_CODE.ms.fd vars_template=/usr/share/AAVMF/AAVMF_VARS.ms.fd
	[ "$firmware" = uboot ] && code=/usr/lib/u-boot/qemu_arm64/u-boot.bin
elif [ "$arch" != x64 ] || [ "$firmware" != edk2 ]; then
	echo "qemu-run: --arch $arch --firmware $firmware is not a known combination" >&2; exit 2
fi
[ -f "$code" ] || { echo "qemu-run: OVMF is missing ($code); run 'make deps' as root" >&2; exit 2; }

run=$(mktemp -d /tmp/preflight-qemu.XXXXXX)
swtpm_pid="" proxy_pid=""
cleanup() {
	[ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null || true
	[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
	rm -rf "$run"
}
trap cleanup EXIT INT TERM
if [ -n "$vars" ]; then
	[ -f "$vars" ] || cp "$vars_template" "$vars"
else
	vars="$run/vars.fd"
	cp "$vars_template" "$vars"
fi

nic="-nic none"
[ -n "$nic_tap" ] && nic="$idle_nic -netdev tap,id=net0,ifname=$nic_tap,script=no,downscript=no -device $nic_model,netdev=net0,romfile="
set -- -machine $machine$machine_extra $pcspk $trace_ports -accel tcg -m 512 -smp 1 -display none $monitor -no-reboot $nic \
	-drive if=pflash,format=raw,unit=0,file=$code,readonly=on \
	-drive if=pflash,format=raw,unit=1,file=$vars \
	-device qemu-xhci -drive if=none,id=stick,format=raw,file=$image,readonly=$readonly -device usb-storage,drive=stick,removable=on$stick_boot \
	$rng $cpu
[ "$secure" != 0 ] && [ "$arch" = x64 ] && set -- "$@" -global driver=cfi.pflash01,property=secure,value=on
qemu=qemu-system-x86_64
if [ "$arch" = aa64 ]; then # the same roles on QEMU's virt board: virtio MMIO devices, firmware in flash or -bios
	qemu=qemu-system-aarch64
	fw="-drive if=pflash,format=raw,unit=0,file=$code,readonly=on -drive if=pflash,format=raw,unit=1,file=$vars"
	[ "$firmware" = uboot ] && fw="-bios $code"
	[ -n "$nic_tap" ] && nic="$idle_nic -netdev tap,id=net0,ifname=$nic_tap,script=no,downscript=no -device virtio-net-device,netdev=net0"
	[ -n "$rng" ] && rng="-device virtio-rng-device"
	set -- -machine virt -accel tcg ${cpu:--cpu cortex-a57} -m 1024 -smp 1 -display none $monitor -no-reboot $nic $fw \
		-drive if=none,id=stick,format=raw,file=$image,readonly=$readonly -device virtio-blk-device,drive=stick$stick_boot $rng
fi

if [ "$tpm" != none ]; then
	[ -n "$state" ] || { echo "qemu-run: --tpm $tpm needs --tpm-state DIR" >&2; exit 2; }
	state=$(cd "$state" && pwd)
	family=--tpm2 device=$tpm
	[ "$tpm" = tis12 ] && family="" device=tis
	[ "$arch" = aa64 ] && device=tis-device # the only TPM front end of QEMU's virt board
	swtpm socket $family --tpmstate dir="$state" --ctrl type=unixio,path="$run/swtpm.sock" \
		--log file="$run/swtpm.log" --terminate --pid file="$run/swtpm.pid" --daemon
	swtpm_pid=$(cat "$run/swtpm.pid")
	ctrl="$run/swtpm.sock"
	if [ -n "$tpm_proxy" ]; then
		# shellcheck disable=SC2086 # ARGS are words for the proxy
		python3 "$(dirname "$0")/../tests/swtpm/tpm_fault_proxy.py" ctrl --listen "unix:$run/proxy.sock" \
			--upstream "unix:$ctrl" --lifetime "$timeout_s" $tpm_proxy >"$run/proxy.out" 2>"$run/proxy.err" &
		proxy_pid=$!
		for _ in $(seq 100); do [ -S "$run/proxy.sock" ] && break; sleep 0.1; done
		ctrl="$run/proxy.sock"
	fi
	set -- "$@" -chardev socket,id=tpmchr,path="$ctrl" -tpmdev emulator,id=tpm0,chardev=tpmchr \
		-device "tpm-$device,tpmdev=tpm0"
fi

[ -n "$smbios" ] && set -- "$@" -smbios "$smbios"
[ -n "$rtc_base" ] && set -- "$@" -rtc "base=$rtc_base"
if [ -n "$serial_socket" ]; then
	set -- "$@" -serial "unix:$serial_socket,server=on,wait=on"
elif [ "$console" = 1 ]; then
	set -- "$@" -serial stdio
else
	set -- "$@" -serial "file:${log:-/dev/null}"
fi
status=0
timeout --foreground "$timeout_s" $qemu "$@" || status=$?
if [ $status = 124 ]; then
	echo "qemu-run: the virtual machine did not shut down within $timeout_s s" >&2
fi
exit $status
