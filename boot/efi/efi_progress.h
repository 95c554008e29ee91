/*
 * efi_progress.h - what the technician sees while the checks run: each step
 * as it starts, with the time since the run began, and a sign of life every
 * few seconds while one step takes long (key generation, the network).
 */
#ifndef PREFLIGHT_EFI_PROGRESS_H
#define PREFLIGHT_EFI_PROGRESS_H

/* Starts the run's clock and the periodic sign of life. */
void efi_progress_start(void);
/* A step begins: "RUNNING  <id>: <what> (+12.3 s)". */
void efi_progress_step(const char *id, const char *what);
/* A check ended: "DONE     <id>: <status> in 0.3 s". */
void efi_progress_done(const char *id, const char *status, unsigned elapsed_ms);
/* The run is over: the sign of life stops; "FINISHED checks in 12.3 s". */
void efi_progress_stop(void);

#endif
