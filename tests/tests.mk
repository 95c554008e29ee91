# tests.mk - `make test`: unit tests (cmocka), fuzz targets (libFuzzer, run
# briefly), system tests (Linux command against swtpm; the UEFI image in
# QEMU with tpm-crb, tpm-tis and no TPM). tests/run_tests.py runs them all and
# ends with "N passed, N failed".

TEST_BUILD := $(BUILD)/tests
HOST_MAIN_OBJ := $(BUILD)/host/obj/boot/linux/main.o
HOST_LIB_OBJS := $(filter-out $(HOST_MAIN_OBJ),$(HOST_OBJS))
UNIT_HELPERS := tests/unit/fake_tpm.c tests/unit/tpm_responses.c tests/unit/scripted_tpm.c tests/unit/scripted_keys.c \
	boot/pc_speaker.c
UNIT_TESTS := $(patsubst tests/unit/%.c,$(TEST_BUILD)/unit/%,$(wildcard tests/unit/test_*.c))

$(TEST_BUILD)/unit/%: tests/unit/%.c $(UNIT_HELPERS) $(HOST_LIB_OBJS) $(HOST_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(WARN) $(INCLUDES) -Itests/unit -o $@ $< $(UNIT_HELPERS) $(HOST_LIB_OBJS) $(HOST_LIBS) -lcmocka -lpthread -lsqlite3

# The enrolment test links the C double of the AIK service and the fixed test PKI (tests/net/make-enrol-test-pki.sh).
ENROL_SERVICE := tests/unit/enrol_service.c
$(TEST_BUILD)/unit/test_aik_enrol: tests/unit/test_aik_enrol.c $(ENROL_SERVICE) tests/unit/enrol_service.h \
		tests/unit/enrol_test_pki.h tests/unit/pem_cert.h $(UNIT_HELPERS) $(HOST_LIB_OBJS) $(HOST_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(WARN) $(INCLUDES) -Itests/unit -o $@ $< $(ENROL_SERVICE) $(UNIT_HELPERS) $(HOST_LIB_OBJS) $(HOST_LIBS) -lcmocka -lpthread -lsqlite3

# Fuzz targets: each parser of outside data, built with libFuzzer + ASan + UBSan.
FUZZ_CC := clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE
# tests/fuzz/fixed_platform.c stands in for linux_platform.c: a virtual clock and a fixed random pattern, so a run
# depends on its input alone.
FUZZ_ENGINE_SRCS := $(ENGINE_SRCS) $(NET_SRCS) tests/unit/tpm_responses.c tests/fuzz/fixed_platform.c boot/platform_random.c boot/linux/merge_row.c
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(TEST_BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

# The fuzz targets link sanitizer-instrumented copies of tss2 and of the engine.
FUZZ_LIB_CC := clang -g -O1 -fsanitize=fuzzer-no-link,address,undefined -D_GNU_SOURCE
$(eval $(call third_party_target,fuzz,$(FUZZ_LIB_CC)))
FUZZ_ENGINE_LIB := $(BUILD)/fuzz/lib/libengine.a
$(FUZZ_ENGINE_LIB): $(FUZZ_ENGINE_SRCS) $(wildcard checks/*/*.h net/*.h tpmdrv/*.h tests/fuzz/*.h) | $(LIB_STAMPS)
	@third_party/build-lib.sh $@ "$(FUZZ_LIB_CC) $(WARN) $(INCLUDES) -Itests/unit" $(FUZZ_ENGINE_SRCS)

# fuzz_enrol_answer embeds the fixed test PKI of the enrolment tests.
$(TEST_BUILD)/fuzz/fuzz_enrol_answer: tests/unit/enrol_test_pki.h tests/unit/pem_cert.h

FUZZ_LIBS := $(addprefix $(BUILD)/fuzz/lib/lib,$(addsuffix .a,tss2 mbedtls mspack qrencode))
$(TEST_BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_ENGINE_LIB) $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(WARN) $(INCLUDES) -o $@ $< $(FUZZ_ENGINE_LIB) $(FUZZ_LIBS)

# fuzz_engine_run links the test TrustedTpm.cab its seeds were recorded with and the time they were recorded at
# (Unix seconds; the run's clock), both written by tests/fuzz/record_engine_seeds.py.
FUZZ_ENGINE_CAB := $(BUILD)/gen/fuzz_engine_cab.c
$(FUZZ_ENGINE_CAB): tests/fuzz/data/engine_run.cab tests/fuzz/data/engine_run.time
	@mkdir -p $(dir $@)
	$(Q)python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); t = int(open(sys.argv[2]).read()); print("#include <stddef.h>\nconst unsigned char fuzz_engine_cab[] = {" + ",".join(map(str, d)) + "};\nconst size_t fuzz_engine_cab_len = sizeof(fuzz_engine_cab);\nconst long long fuzz_engine_now = %d;" % t)' $^ >$@
$(TEST_BUILD)/fuzz/fuzz_engine_run: tests/fuzz/fuzz_engine_run.c $(FUZZ_ENGINE_CAB) $(FUZZ_ENGINE_LIB) $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(WARN) $(INCLUDES) -o $@ $< $(FUZZ_ENGINE_CAB) $(FUZZ_ENGINE_LIB) $(FUZZ_LIBS)

# The library check application: everything of the UEFI build but efi_main.
LIBCHECK := $(BUILD)/efi/libcheck.efi
$(BUILD)/efi/obj/tests/efi/libcheck.o: tests/efi/libcheck.c | $(LIB_STAMPS)
	@mkdir -p $(dir $@)
	$(Q)$(EFI_CC) $(WARN) $(INCLUDES) -c $< -o $@
$(LIBCHECK): $(BUILD)/efi/obj/tests/efi/libcheck.o $(filter-out $(BUILD)/efi/obj/boot/efi/efi_main.o,$(EFI_OBJS)) $(EFI_LIBS)
	@echo "  LINK    $@"
	$(Q)lld-link -nologo -subsystem:efi_application -entry:efi_main -nodefaultlib -out:$@ $^



# The Linux command built with AddressSanitizer and UBSan over the fuzz libraries: the system tests run
# it, so a memory error anywhere on their paths fails a test.
ASAN_PREFLIGHT := $(BUILD)/asan/preflight
$(ASAN_PREFLIGHT): $(HOST_SRCS) $(FUZZ_LIBS) $(wildcard checks/*/*.h net/*.h tpmdrv/*.h boot/linux/*.h)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)clang -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE $(WARN) $(INCLUDES) \
		-o $@ $(HOST_SRCS) $(FUZZ_LIBS) -lsqlite3

test-build: all $(UNIT_TESTS) $(FUZZ_TARGETS) $(IMAGE) $(LIBCHECK) $(ASAN_PREFLIGHT) $(NIC_DRIVER) $(TEST_MOK_PARTS)

test: deps
	$(Q)$(MAKE) --no-print-directory test-build
	$(Q)python3 tests/run_tests.py --build $(BUILD)

# The long variants: every TPM command of an offline run with every fault kind, and every command never
# answered (tests/system/test_tpm_faults.py; docs/testing.md, "Fault sweep").
test-long: deps
	$(Q)$(MAKE) --no-print-directory test-build
	$(Q)PREFLIGHT_LONG=1 python3 tests/run_tests.py --build $(BUILD) --only system --filter tpm_faults

# Every fuzz target for FUZZ_SECONDS (default 600; FUZZ_SECONDS_<target> for one), one at a time, growing the corpus
# in tests/fuzz/corpus (docs/testing.md, "Fuzzing campaigns"); FUZZ_ONLY="a b" runs only those.
fuzz-long: $(FUZZ_TARGETS)
	$(Q)python3 tests/fuzz/fuzz_long.py --build $(BUILD)

bench: all
	$(Q)python3 tests/bench.py --build $(BUILD)

.PHONY: test-build test-long fuzz-long
