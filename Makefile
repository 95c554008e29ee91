# tpm-preflight - see README.md. `make` builds the UEFI application and the
# Linux command; `make run` boots the USB image in QEMU against swtpm;
# `make test` runs every test and ends with "N passed, N failed".

BUILD ?= build
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

.DEFAULT_GOAL := all
.PHONY: all deps efi host image run test bench docs clean distclean

# --- toolchains (docs/build.md explains the choice of clang + lld-link) ----
EFI_CC := clang -DTSS2_TCTI_SUPPRESS_POLL_WARNINGS --target=x86_64-unknown-windows -ffreestanding -fshort-wchar -mno-red-zone \
	-mno-stack-arg-probe -fno-stack-protector -nostdlibinc -U_WIN32 -U_WIN64 -U_MSC_VER \
	-fno-ms-compatibility -fno-ms-extensions -mgeneral-regs-only -O2 -g0 -DPREFLIGHT_EFI \
	-Iboot/efi/libc/include -I$(BUILD)/stb-include
# The Arm64 application: the same sources and flags for AArch64 (AAPCS64 is UEFI's calling convention there).
# clang 14 ignores -mno-stack-arg-probe on AArch64 and calls __chkstk for frames over 4 KiB: a probe size
# above any frame turns the probes off (UEFI stacks are committed memory, nothing to touch in advance).
EFI_AA64_CC := clang -DTSS2_TCTI_SUPPRESS_POLL_WARNINGS --target=aarch64-unknown-windows -ffreestanding -fshort-wchar \
	-mstack-probe-size=1073741824 -fno-stack-protector -nostdlibinc -U_WIN32 -U_WIN64 -U_MSC_VER -U_M_ARM64 \
	-fno-ms-compatibility -fno-ms-extensions -mgeneral-regs-only -O2 -g0 -DPREFLIGHT_EFI \
	-Iboot/efi/libc/include -I$(BUILD)/stb-include
HOST_CC := clang -O2 -g -gdwarf-4 -D_GNU_SOURCE
WARN := -std=c11 -Wall -Wextra -Werror=implicit-function-declaration -Wno-unused-parameter

include third_party/libs.mk
$(eval $(call third_party_target,efi,$(EFI_CC)))
$(eval $(call third_party_target,host,$(HOST_CC)))
$(eval $(call third_party_target,efi-aa64,$(EFI_AA64_CC)))

EFI_LIBS := $(addprefix $(BUILD)/efi/lib/lib,$(addsuffix .a,$(LIB_NAMES)))
EFI_AA64_LIBS := $(addprefix $(BUILD)/efi-aa64/lib/lib,$(addsuffix .a,$(LIB_NAMES)))
HOST_LIBS := $(addprefix $(BUILD)/host/lib/lib,$(addsuffix .a,$(LIB_NAMES)))

# --- project sources -------------------------------------------------------
include mk/sources.mk

INCLUDES := -I. $(THIRD_PARTY_INC)
EFI_OBJS := $(patsubst %.c,$(BUILD)/efi/obj/%.o,$(EFI_SRCS))
EFI_AA64_OBJS := $(patsubst %.c,$(BUILD)/efi-aa64/obj/%.o,$(EFI_AA64_SRCS))
HOST_OBJS := $(patsubst %.c,$(BUILD)/host/obj/%.o,$(HOST_SRCS))

all: deps efi host
efi: $(BUILD)/efi/preflight.efi $(BUILD)/efi-aa64/preflight.efi
host: $(BUILD)/host/preflight

deps:
	$(Q)third_party/install-deps.sh

# stb_sprintf.h is reached through a directory of its own, so the freestanding
# build never sees the rest of /usr/include.
$(BUILD)/stb-include/stb/stb_sprintf.h: /usr/include/stb/stb_sprintf.h
	@mkdir -p $(dir $@) && cp $< $@

$(BUILD)/efi/obj/%.o: %.c | $(LIB_STAMPS) $(BUILD)/stb-include/stb/stb_sprintf.h
	@mkdir -p $(dir $@)
	$(Q)$(EFI_CC) $(WARN) $(INCLUDES) -MMD -MP -c $< -o $@

$(BUILD)/efi-aa64/obj/%.o: %.c | $(LIB_STAMPS) $(BUILD)/stb-include/stb/stb_sprintf.h
	@mkdir -p $(dir $@)
	$(Q)$(EFI_AA64_CC) $(WARN) $(INCLUDES) -MMD -MP -c $< -o $@

$(BUILD)/host/obj/%.o: %.c | $(LIB_STAMPS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(WARN) $(INCLUDES) -MMD -MP -c $< -o $@

$(BUILD)/efi/preflight.efi: $(EFI_OBJS) $(EFI_LIBS)
	@echo "  LINK    $@"
	$(Q)lld-link -nologo -subsystem:efi_application -entry:efi_main -nodefaultlib \
		-out:$@ $(EFI_OBJS) $(EFI_LIBS)

$(BUILD)/efi-aa64/preflight.efi: $(EFI_AA64_OBJS) $(EFI_AA64_LIBS)
	@echo "  LINK    $@"
	$(Q)lld-link -nologo -machine:arm64 -subsystem:efi_application -entry:efi_main -nodefaultlib \
		-out:$@ $(EFI_AA64_OBJS) $(EFI_AA64_LIBS)

$(BUILD)/host/preflight: $(HOST_OBJS) $(HOST_LIBS)
	@echo "  LINK    $@"
	$(Q)$(HOST_CC) -o $@ $(HOST_OBJS) $(HOST_LIBS) -lsqlite3

-include $(EFI_OBJS:.o=.d) $(EFI_AA64_OBJS:.o=.d) $(HOST_OBJS:.o=.d)

include image/image.mk
include tests/tests.mk

# docs/checks.md is generated from the check table; a system test keeps it in step.
docs: $(BUILD)/host/preflight
	$(Q)$(BUILD)/host/preflight list-checks --markdown > docs/checks.md

clean:
	rm -rf $(BUILD)/efi/obj $(BUILD)/efi-aa64/obj $(BUILD)/host/obj $(BUILD)/efi/*.efi $(BUILD)/efi-aa64/*.efi $(BUILD)/host/preflight $(BUILD)/image $(BUILD)/tests
distclean:
	rm -rf $(BUILD)
