# image.mk - the USB stick image and `make run`.

IMAGE := $(BUILD)/preflight.img

# Secure Boot: `make image SIGN_KEY=db.key SIGN_CERT=db.pem` signs the application with sbsigntool (the
# key must be in the machine's db; docs/secure-boot.md). Unset, the image carries the unsigned application.
SIGN_KEY ?=
SIGN_CERT ?=
IMAGE_EFI := $(if $(SIGN_KEY),$(BUILD)/efi/preflight.signed.efi,$(BUILD)/efi/preflight.efi)
# The Arm64 application rides on the same stick as \EFI\BOOT\BOOTAA64.EFI (UEFI 3.5.1.1: each firmware
# takes the default file name of its own machine type, so one stick boots on both).
IMAGE_EFI_AA64 := $(if $(SIGN_KEY),$(BUILD)/efi-aa64/preflight.signed.efi,$(BUILD)/efi-aa64/preflight.efi)

image: $(IMAGE)

$(BUILD)/efi/preflight.signed.efi: $(BUILD)/efi/preflight.efi $(SIGN_KEY) $(SIGN_CERT)
	@echo "  SIGN    $@"
	$(Q)sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $@ $< 2>/dev/null
	$(Q)sbverify --cert $(SIGN_CERT) $@ >/dev/null

$(BUILD)/efi-aa64/preflight.signed.efi: $(BUILD)/efi-aa64/preflight.efi $(SIGN_KEY) $(SIGN_CERT)
	@echo "  SIGN    $@"
	$(Q)sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $@ $< 2>/dev/null
	$(Q)sbverify --cert $(SIGN_CERT) $@ >/dev/null

$(IMAGE): $(IMAGE_EFI) $(IMAGE_EFI_AA64) image/preflight.conf image/make-image.sh FORCE
	@echo "  IMAGE   $@$(if $(SIGN_KEY), (signed))"
	$(Q)image/make-image.sh $@ $(IMAGE_EFI) image/preflight.conf $(IMAGE_EFI_AA64)='\EFI\BOOT\BOOTAA64.EFI'

# A UEFI NIC driver for QEMU's e1000, which OVMF has none for: the EFI image in Debian's ipxe-qemu option ROM,
# taken out at build time (image/efi-rom-extract.py). The NIC-driver test puts it in \preflight\drivers\x64
# (docs/network.md, "NIC drivers from the stick").
NIC_DRIVER_ROM := /usr/lib/ipxe/qemu/efi-e1000.rom
NIC_DRIVER := $(BUILD)/drivers/x64/ipxe-e1000.efi
$(NIC_DRIVER): $(NIC_DRIVER_ROM) image/efi-rom-extract.py
	@mkdir -p $(dir $@)
	$(Q)image/efi-rom-extract.py --machine 0x8664 $< $@

# `make run`: the same application, with a configuration that shuts the virtual machine down when
# the report is shown, booted in QEMU (q35, OVMF) against a swtpm provisioned by the test CA.
RUN_IMAGE := $(BUILD)/run/preflight-run.img
RUN_TPM ?= crb
RUN_TRANSPORT ?= auto
# ARCH=aa64: the Arm64 application under AAVMF (qemu-system-aarch64 -M virt, swtpm on tpm-tis-device).
ARCH ?= x64
RUN_TPM_DEVICE := $(if $(filter aa64,$(ARCH)),tis,$(RUN_TPM))

$(BUILD)/run/preflight-run.conf: image/preflight.conf FORCE
	@mkdir -p $(dir $@)
	$(Q)(cat $<; printf 'finish = shutdown\ntransport = $(RUN_TRANSPORT)\n') > $@

$(RUN_IMAGE): $(BUILD)/efi/preflight.efi $(BUILD)/efi-aa64/preflight.efi $(BUILD)/run/preflight-run.conf image/make-image.sh
	$(Q)image/make-image.sh $@ $(BUILD)/efi/preflight.efi $(BUILD)/run/preflight-run.conf \
		$(BUILD)/efi-aa64/preflight.efi='\EFI\BOOT\BOOTAA64.EFI'

run: deps $(RUN_IMAGE)
	$(Q)tests/swtpm/provision.sh $(BUILD)/run/tpm-template
	$(Q)rm -rf $(BUILD)/run/tpm && cp -a $(BUILD)/run/tpm-template $(BUILD)/run/tpm
	$(Q)image/qemu-run.sh --image $(RUN_IMAGE) --tpm $(RUN_TPM_DEVICE) --tpm-state $(BUILD)/run/tpm --console --arch $(ARCH)

.PHONY: FORCE
FORCE:
