# libs.mk - the third-party libraries, built from pinned Debian
# source packages into build/efi/lib and build/host/lib. Included by Makefile.

SRC := $(BUILD)/src

# Fetching is serialised through one stamp per package.
$(SRC)/%/.unpacked:
	@third_party/fetch-source.sh $* $(BUILD)

# --- tpm2-tss: tss2-mu and tss2-sys only -----------------------------------
TSS2_DIR := $(SRC)/tpm2-tss
TSS2_SRCS = $(wildcard $(TSS2_DIR)/src/tss2-mu/*.c) $(wildcard $(TSS2_DIR)/src/tss2-sys/api/*.c) \
	$(TSS2_DIR)/src/tss2-sys/sysapi_util.c
TSS2_CFLAGS := -Ithird_party/config/tss2 -I$(TSS2_DIR)/include/tss2 -I$(TSS2_DIR)/src -I$(TSS2_DIR)/src/tss2-sys -I$(TSS2_DIR)/include \
	-DMAXLOGLEVEL=0 -w
TSS2_INC := -I$(TSS2_DIR)/include

# --- mbed TLS 3.6 ------------------------------------------------------------
MBEDTLS_DIR := $(SRC)/mbedtls
MBEDTLS_SRCS = $(wildcard $(MBEDTLS_DIR)/library/*.c)
MBEDTLS_INC := -I$(MBEDTLS_DIR)/include -Ithird_party/config/mbedtls \
	-include third_party/config/mbedtls/preflight_mbedtls_select.h
MBEDTLS_CFLAGS := $(MBEDTLS_INC) -I$(MBEDTLS_DIR)/library -w

# --- lwIP 2.2 (NO_SYS raw API; the port lives in net/lwip-port) ------------
LWIP_DIR := $(SRC)/lwip
LWIP_SRCS = $(wildcard $(LWIP_DIR)/src/core/*.c) $(wildcard $(LWIP_DIR)/src/core/ipv4/*.c) \
	$(LWIP_DIR)/src/netif/ethernet.c
LWIP_INC := -I$(LWIP_DIR)/src/include -Inet/lwip-port
LWIP_CFLAGS := $(LWIP_INC) -w

# --- libmspack: the CAB decompressor only ------------------------------------
MSPACK_DIR := $(SRC)/libmspack
MSPACK_SRCS = $(addprefix $(MSPACK_DIR)/mspack/,cabd.c mszipd.c lzxd.c qtmd.c system.c)
MSPACK_INC := -I$(MSPACK_DIR)/mspack
MSPACK_CFLAGS := $(MSPACK_INC) -DMSPACK_NO_DEFAULT_SYSTEM -w

# --- libqrencode: the QR code of the compact summary -----------------------
QRENCODE_DIR := $(SRC)/qrencode
QRENCODE_SRCS = $(addprefix $(QRENCODE_DIR)/,bitstream.c qrencode.c qrinput.c qrspec.c rsecc.c split.c mask.c mqrspec.c mmask.c)
QRENCODE_INC := -I$(QRENCODE_DIR)
QRENCODE_CFLAGS := $(QRENCODE_INC) -Ithird_party/config/qrencode -DHAVE_CONFIG_H=1 -w

LIB_NAMES := tss2 mbedtls lwip mspack qrencode
LIB_STAMPS := $(SRC)/tpm2-tss/.unpacked $(SRC)/mbedtls/.unpacked $(SRC)/lwip/.unpacked $(SRC)/libmspack/.unpacked \
	$(SRC)/qrencode/.unpacked
THIRD_PARTY_INC := $(TSS2_INC) $(MBEDTLS_INC) $(LWIP_INC) $(MSPACK_INC) $(QRENCODE_INC)

# Static library rules for one target ($1 = efi|host, $2 = compiler+flags).
# Sources are listed after unpacking, so the archive rule re-evaluates them.
define third_party_target
$(BUILD)/$1/lib/libtss2.a: $(SRC)/tpm2-tss/.unpacked
	@third_party/build-lib.sh $$@ "$2 $(TSS2_CFLAGS)" $$(TSS2_SRCS)
$(BUILD)/$1/lib/libmbedtls.a: $(SRC)/mbedtls/.unpacked third_party/config/mbedtls/preflight_mbedtls_user.h third_party/config/mbedtls/preflight_mbedtls_select.h
	@third_party/build-lib.sh $$@ "$2 $(MBEDTLS_CFLAGS)" $$(MBEDTLS_SRCS)
$(BUILD)/$1/lib/liblwip.a: $(SRC)/lwip/.unpacked $(wildcard net/lwip-port/*.h net/lwip-port/arch/*.h)
	@third_party/build-lib.sh $$@ "$2 $(LWIP_CFLAGS)" $$(LWIP_SRCS)
$(BUILD)/$1/lib/libmspack.a: $(SRC)/libmspack/.unpacked
	@third_party/build-lib.sh $$@ "$2 $(MSPACK_CFLAGS)" $$(MSPACK_SRCS)
$(BUILD)/$1/lib/libqrencode.a: $(SRC)/qrencode/.unpacked third_party/config/qrencode/config.h
	@third_party/build-lib.sh $$@ "$2 $(QRENCODE_CFLAGS)" $$(QRENCODE_SRCS)
endef
