/*
 * efi_sbat.c - the SBAT section (shim's Secure Boot Advanced Targeting,
 * github.com/rhboot/shim SBAT.md): a CSV naming this component and its
 * generation, so a signed image can later be revoked by generation.
 */
#define PREFLIGHT_SBAT_GENERATION "1"

__attribute__((section(".sbat"), used)) static const char sbat[] =
	"sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n"
	"tpm-preflight," PREFLIGHT_SBAT_GENERATION ",tpm-preflight,tpm-preflight,0.1.0,https://example.invalid/tpm-preflight\n";
