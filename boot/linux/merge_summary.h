/* merge_summary.h - the printed summary of merged runs: per verdict, failing check and model, then each unit by its
 * latest run, the units that are not ready named, and the runs whose serial number cannot identify a unit. */
#ifndef PREFLIGHT_MERGE_SUMMARY_H
#define PREFLIGHT_MERGE_SUMMARY_H
#include "merge_output.h"

void merge_summary_print(const struct merge_output *o, FILE *to);

#endif
