/* gb-fault-proxy.h — a TCP proxy for tests that cuts, stalls and truncates on purpose
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GB_FAULT_NONE,
  GB_FAULT_CUT_REQUEST,     /* close both sides after N bytes from the client */
  GB_FAULT_CUT_RESPONSE,    /* close both sides after N bytes from the server */
  GB_FAULT_TRUNCATE,        /* forward N bytes of the answer, then end it cleanly (FIN) */
  GB_FAULT_STALL,           /* forward N bytes of the answer, then nothing until the client gives up */
  GB_FAULT_N_KINDS
} GbFaultKind;

typedef struct _GbFaultProxy GbFaultProxy;

/* Called from a proxy thread once N bytes of an answer have passed (e.g. to SIGKILL the
 * server or the client mid-page); the connection then goes on as it can. */
typedef void (*GbFaultHook) (gpointer data);

GbFaultProxy *gb_fault_proxy_new          (guint16        upstream_port,
                                           GError       **error);
guint16       gb_fault_proxy_get_port     (GbFaultProxy  *self);
void          gb_fault_proxy_set_upstream (GbFaultProxy  *self,
                                           guint16        upstream_port);
/* The fault for new connections until it has struck once; later ones pass untouched. */
void          gb_fault_proxy_arm          (GbFaultProxy  *self,
                                           GbFaultKind    kind,
                                           gsize          after_bytes);
/* Like gb_fault_proxy_arm(), but what strikes after @after_bytes of an answer is @hook. */
void          gb_fault_proxy_arm_hook     (GbFaultProxy  *self,
                                           gsize          after_bytes,
                                           GbFaultHook    hook,
                                           gpointer       hook_data);
/* Whether the armed fault has struck. */
gboolean      gb_fault_proxy_fired        (GbFaultProxy  *self);
guint         gb_fault_proxy_connections  (GbFaultProxy  *self);
void          gb_fault_proxy_free         (GbFaultProxy  *self);
const char   *gb_fault_kind_name          (GbFaultKind    kind);

G_END_DECLS
