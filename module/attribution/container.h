/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: the container a cgroup v2 path belongs to, as the
 * container managers name their cgroups.
 */
#ifndef _PATHSTATS_ATTRIBUTION_CONTAINER_H
#define _PATHSTATS_ATTRIBUTION_CONTAINER_H

/* A container id is 64 hex digits; a machine name at most 64 bytes. */
#define ATTRIBUTION_CONTAINER_ID_LEN	65
/* A pod UID: 36 characters, 8-4-4-4-12 hex digits. */
#define ATTRIBUTION_POD_UID_LEN		37

/**
 * struct attribution_container - what a cgroup path says of its container
 * @id: the container id, "" if none is recognised
 * @pod_uid: the Kubernetes pod UID, with dashes, "" if none
 */
struct attribution_container {
	char id[ATTRIBUTION_CONTAINER_ID_LEN];
	char pod_uid[ATTRIBUTION_POD_UID_LEN];
};

void attribution_container_parse(const char *path,
				 struct attribution_container *c);

#endif /* _PATHSTATS_ATTRIBUTION_CONTAINER_H */
