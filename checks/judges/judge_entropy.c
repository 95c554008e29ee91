/* judge_entropy.c - see judge_entropy.h. */
#include "checks/judges/judge_entropy.h"
#include "boot/platform.h"

bool judge_no_entropy(struct check_result *r, const char *needed_for)
{
	uint8_t probe[16];
	if (platform_random(probe, sizeof(probe)) == 0)
		return false;
	outcome_set(r, CHECK_ERROR, "no-entropy", "Not checked: this machine gave the tool no random numbers");
	result_details(r, "neither the platform (EFI_RNG_PROTOCOL, RDRAND; getrandom on Linux) nor the TPM "
		       "(TPM2_GetRandom) gave random bytes for %s", needed_for);
	result_evidence(r, "random_source", "none");
	return true;
}
