/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * http-plan.h: what the HTTP suite's plan tests share (test-plan.c, test-ladder.c): a household
 * with Jolanda's finalised intake, a request to its plan, the version an ETag names, a problem
 * asserted with its type and path.
 */
#pragma once

#include "http-suites.h"

G_BEGIN_DECLS

/* Records Jolanda's intake (docs/examples, at an address of its own) in @gemeente with her four
 * needs under PW, WMO, JW and WGS (the example's fifth, under no law, left out) and finalises it,
 * as @client. Returns: (transfer full): the household's id; her person id in *@person. */
gchar *ep_http_record_jolanda (const EpHttpClient *client, const gchar *gemeente, gchar **person);

/* A request to the household's plan (@sub after ".../plan"), with If-Match "@version" unless
 * @version is 0. Returns: (transfer full). */
EpHttpReply *ep_http_plan_call (const EpHttpClient *client, const gchar *method,
                                const gchar *household, const gchar *sub, const gchar *body,
                                gint version);

/* Returns: the version an answer's ETag names (0 when there is none). */
gint ep_http_etag_version (const EpHttpReply *reply);

/* Asserts a problem: @status, @type, and (unless NULL) the one field path in errors[]. */
void ep_http_assert_problem (const EpHttpReply *reply, guint status, const gchar *type,
                             const gchar *path);

G_END_DECLS
