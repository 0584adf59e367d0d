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

GbFaultProxy *gb_fault_proxy_new          (guint16        upstream_port,
                                           GError       **error);
guint16       gb_fault_proxy_get_port     (GbFaultProxy  *self);
void          gb_fault_proxy_set_upstream (GbFaultProxy  *self,
                                           guint16        upstream_port);
/* The fault for the next connection only; later ones pass untouched. */
void          gb_fault_proxy_arm          (GbFaultProxy  *self,
                                           GbFaultKind    kind,
                                           gsize          after_bytes);
/* Whether the armed fault has struck. */
gboolean      gb_fault_proxy_fired        (GbFaultProxy  *self);
guint         gb_fault_proxy_connections  (GbFaultProxy  *self);
void          gb_fault_proxy_free         (GbFaultProxy  *self);
const char   *gb_fault_kind_name          (GbFaultKind    kind);

G_END_DECLS
