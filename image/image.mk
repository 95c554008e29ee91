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

# Secure Boot on a PC with only Microsoft's keys: `make image MOK_KEY=mok.key MOK_CERT=mok.pem` builds the shim
# stick - Debian's Microsoft-signed shim as BOOTX64.EFI and BOOTAA64.EFI, MokManager, the application signed with
# the site's Machine Owner Key as grubx64.efi and grubaa64.efi (the names shim starts) and the MOK certificate
# (DER) for the one-time enrolment (docs/secure-boot.md). shim and MokManager are pinned in image/shim.lock.
MOK_KEY ?=
MOK_CERT ?=
SHIM_DIR := $(BUILD)/shim
SHIM_FILES := $(SHIM_DIR)/shimx64.efi $(SHIM_DIR)/mmx64.efi $(SHIM_DIR)/shimaa64.efi $(SHIM_DIR)/mmaa64.efi
MOK_DER_NAME := \\ENROLL_THIS_KEY_IN_MOKMANAGER.der

$(SHIM_FILES) &: image/shim.lock image/fetch-shim.sh
	$(Q)image/fetch-shim.sh $(SHIM_DIR)
	$(Q)touch $(SHIM_FILES)

image: $(IMAGE)

$(BUILD)/efi/preflight.signed.efi: $(BUILD)/efi/preflight.efi $(SIGN_KEY) $(SIGN_CERT)
	@echo "  SIGN    $@"
	$(Q)sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $@ $< 2>/dev/null
	$(Q)sbverify --cert $(SIGN_CERT) $@ >/dev/null

$(BUILD)/efi-aa64/preflight.signed.efi: $(BUILD)/efi-aa64/preflight.efi $(SIGN_KEY) $(SIGN_CERT)
	@echo "  SIGN    $@"
	$(Q)sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $@ $< 2>/dev/null
	$(Q)sbverify --cert $(SIGN_CERT) $@ >/dev/null

$(BUILD)/efi/preflight.mok.efi $(BUILD)/efi-aa64/preflight.mok.efi: %/preflight.mok.efi: %/preflight.efi $(MOK_KEY) $(MOK_CERT)
	@echo "  SIGN    $@ (MOK)"
	$(Q)sbsign --key $(MOK_KEY) --cert $(MOK_CERT) --output $@ $< 2>/dev/null
	$(Q)sbverify --cert $(MOK_CERT) $@ >/dev/null

$(BUILD)/efi/mok.der: $(MOK_CERT)
	$(Q)openssl x509 -in $< -outform DER -out $@

# the shim stick's files beyond CONFIG, as make-image.sh's SOURCE=DEST arguments (shim itself is its APP)
SHIM_STICK_FILES = $(SHIM_DIR)/mmx64.efi=\\EFI\\BOOT\\mmx64.efi \
	$(BUILD)/efi/preflight.mok.efi=\\EFI\\BOOT\\grubx64.efi $(BUILD)/efi/mok.der=$(MOK_DER_NAME) \
	$(SHIM_DIR)/shimaa64.efi=\\EFI\\BOOT\\BOOTAA64.EFI $(SHIM_DIR)/mmaa64.efi=\\EFI\\BOOT\\mmaa64.efi \
	$(BUILD)/efi-aa64/preflight.mok.efi=\\EFI\\BOOT\\grubaa64.efi

# A test MOK, generated at build time, and the application signed with it, for the tests' shim sticks
# (tests/system/test_shim.py); a site uses its own key, never this one.
TEST_MOK := $(BUILD)/mok/test-mok
$(TEST_MOK).key $(TEST_MOK).pem &:
	@mkdir -p $(dir $@)
	$(Q)openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=tpm-preflight test MOK (not for use)" \
		-keyout $(TEST_MOK).key -out $(TEST_MOK).pem 2>/dev/null
$(TEST_MOK).der: $(TEST_MOK).pem
	$(Q)openssl x509 -in $< -outform DER -out $@
$(TEST_MOK).efi: $(BUILD)/efi/preflight.efi $(TEST_MOK).key $(TEST_MOK).pem
	$(Q)sbsign --key $(TEST_MOK).key --cert $(TEST_MOK).pem --output $@ $< 2>/dev/null
$(TEST_MOK)-aa64.efi: $(BUILD)/efi-aa64/preflight.efi $(TEST_MOK).key $(TEST_MOK).pem
	$(Q)sbsign --key $(TEST_MOK).key --cert $(TEST_MOK).pem --output $@ $< 2>/dev/null
TEST_MOK_PARTS := $(SHIM_FILES) $(TEST_MOK).efi $(TEST_MOK)-aa64.efi $(TEST_MOK).der

ifeq ($(MOK_KEY),)
$(IMAGE): $(IMAGE_EFI) $(IMAGE_EFI_AA64) image/preflight.conf image/make-image.sh FORCE
	@echo "  IMAGE   $@$(if $(SIGN_KEY), (signed))"
	$(Q)image/make-image.sh $@ $(IMAGE_EFI) image/preflight.conf $(IMAGE_EFI_AA64)='\EFI\BOOT\BOOTAA64.EFI'
else
$(IMAGE): $(SHIM_FILES) $(BUILD)/efi/preflight.mok.efi $(BUILD)/efi-aa64/preflight.mok.efi $(BUILD)/efi/mok.der \
		image/preflight.conf image/make-image.sh FORCE
	@echo "  IMAGE   $@ (shim, application signed with the MOK)"
	$(Q)image/make-image.sh $@ $(SHIM_DIR)/shimx64.efi image/preflight.conf $(SHIM_STICK_FILES)
endif

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
