# sources.mk - which project sources make up each front end. The checks and
# the MMIO drivers are shared; each front end adds its platform services
# (selected at link time, never by #ifdef inside the checks).

ENGINE_SRCS := $(wildcard checks/*/*.c) $(BUILD)/gen/firmware_advisories_data.c \
	tpmdrv/transport.c tpmdrv/tcti_transport.c tpmdrv/mmio_wait.c tpmdrv/crb.c tpmdrv/tis.c \
	tpmdrv/acpi_tpm2.c tpmdrv/interface_id.c tpmdrv/tcg2_caps.c tpmdrv/acpi_aml_tpm.c tpmdrv/fdt_tpm.c

NET_SRCS := net/http_date.c net/url.c net/http_parse.c net/http_common.c net/proxy_tunnel.c net/sntp_packet.c net/net_random.c
HOST_SRCS := $(ENGINE_SRCS) $(NET_SRCS) net/http_get.c net/tls_session.c net/net_conn_posix.c net/dns_posix.c net/sntp_posix.c net/net_probe_posix.c tpmdrv/linux_device.c tpmdrv/swtpm_socket.c tpmdrv/posix_io.c $(wildcard boot/linux/*.c) boot/platform_random.c net/lwip_port.c

EFI_COMMON_SRCS := $(ENGINE_SRCS) $(NET_SRCS) $(wildcard boot/efi/*.c) boot/platform_random.c boot/pc_speaker.c $(wildcard boot/efi/libc/*.c) $(wildcard tpmdrv/efi_*.c) \
	net/lwip_port.c net/http_get.c net/tls_session.c net/net_conn_lwip.c net/net_probe_lwip.c net/net_stack_efi.c \
	net/snp_nic.c net/snp_netif.c net/lwip_dns_wait.c net/sntp_lwip.c
# The processor's counter and random instruction: one file per architecture (boot/efi/arch/efi_cpu.h).
EFI_SRCS := $(EFI_COMMON_SRCS) boot/efi/arch/x64_cpu.c
EFI_AA64_SRCS := $(EFI_COMMON_SRCS) boot/efi/arch/aa64_cpu.c

# The firmware advisory table is data (checks/trust/firmware_advisories.tsv) compiled into both front ends.
$(BUILD)/gen/firmware_advisories_data.c: checks/trust/firmware_advisories.tsv checks/trust/gen-advisories.sh
	@mkdir -p $(dir $@)
	$(Q)checks/trust/gen-advisories.sh $< $@
