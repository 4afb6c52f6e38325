/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the sessions in statsfs, trace/<session>/<sink>/, with what each
 * sink delivered and dropped, and the session's drops in all.
 */
#ifndef _PATHSTATS_TRACE_STATS_H
#define _PATHSTATS_TRACE_STATS_H

struct pstrace_session;

int pstrace_stats_add(struct pstrace_session *session);
void pstrace_stats_remove(struct pstrace_session *session);
int pstrace_stats_init(void);
void pstrace_stats_exit(void);

#endif /* _PATHSTATS_TRACE_STATS_H */
