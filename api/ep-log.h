/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-log.h: structured logs for the server and the command line.
 *
 * Events go through GLib's structured logging with one field per key, and
 * the writer installed by ep_log_install() prints them as logfmt lines on
 * stderr: `ts=2026-11-24T10:15:30.123Z level=info msg=request method=GET …`.
 * Keys carry ids, codes, counts and timings — never names, BSNs or free text
 * typed by a user.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ep_log:
 * @message: what happened, a fixed phrase
 * @...: pairs of key and value strings (a NULL value leaves the key out),
 *   ended by a NULL key
 */
void ep_log (GLogLevelFlags level, const gchar *message, ...) G_GNUC_NULL_TERMINATED;

/**
 * ep_log_install:
 * @debug: also print debug events
 *
 * Installs the logfmt writer for the whole process. Call once, from main().
 */
void ep_log_install (gboolean debug);

G_END_DECLS
