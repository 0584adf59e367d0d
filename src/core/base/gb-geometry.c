/* gb-geometry.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-geometry.h"

G_DEFINE_BOXED_TYPE (GbGeometry, gb_geometry, gb_geometry_copy, gb_geometry_free)

#define MAGIC "GBG1"

GbGeometry *
gb_geometry_new (void)
{
  GbGeometry *self = g_new0 (GbGeometry, 1);

  self->coords = g_array_new (FALSE, FALSE, sizeof (double));
  self->rings = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->polygons = g_array_new (FALSE, FALSE, sizeof (guint32));
  return self;
}

GbGeometry *
gb_geometry_copy (const GbGeometry *self)
{
  GbGeometry *copy = gb_geometry_new ();

  g_array_append_vals (copy->coords, self->coords->data, self->coords->len);
  g_array_append_vals (copy->rings, self->rings->data, self->rings->len);
  g_array_append_vals (copy->polygons, self->polygons->data, self->polygons->len);
  return copy;
}

void
gb_geometry_free (GbGeometry *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->coords);
  g_array_unref (self->rings);
  g_array_unref (self->polygons);
  g_free (self);
}

void
gb_geometry_begin_polygon (GbGeometry *self)
{
  guint32 zero = 0;

  g_array_append_val (self->polygons, zero);
}

void
gb_geometry_add_ring (GbGeometry   *self,
                      const double *lonlat,
                      guint         n_points)
{
  guint32 n = n_points;

  g_return_if_fail (self->polygons->len > 0);

  g_array_append_vals (self->coords, lonlat, n_points * 2);
  g_array_append_val (self->rings, n);
  g_array_index (self->polygons, guint32, self->polygons->len - 1)++;
}

guint
gb_geometry_n_polygons (const GbGeometry *self)
{
  return self->polygons->len;
}

guint
gb_geometry_n_rings (const GbGeometry *self)
{
  return self->rings->len;
}

guint
gb_geometry_n_points (const GbGeometry *self)
{
  return self->coords->len / 2;
}

gboolean
gb_geometry_bbox (const GbGeometry *self,
                  double           *min_lon,
                  double           *min_lat,
                  double           *max_lon,
                  double           *max_lat)
{
  const double *c = (const double *) self->coords->data;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  if (self->coords->len == 0)
    return FALSE;
  for (guint i = 0; i + 1 < self->coords->len; i += 2)
    {
      x0 = MIN (x0, c[i]);
      x1 = MAX (x1, c[i]);
      y0 = MIN (y0, c[i + 1]);
      y1 = MAX (y1, c[i + 1]);
    }
  *min_lon = x0;
  *min_lat = y0;
  *max_lon = x1;
  *max_lat = y1;
  return TRUE;
}

/* Even-odd over every ring of every polygon: holes and multipolygons both come out right. */
gboolean
gb_geometry_contains (const GbGeometry *self,
                      double            lon,
                      double            lat)
{
  const double *c = (const double *) self->coords->data;
  gboolean inside = FALSE;
  guint offset = 0;

  for (guint r = 0; r < self->rings->len; r++)
    {
      guint n = g_array_index (self->rings, guint32, r);
      const double *p = c + offset * 2;

      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double xi = p[i * 2], yi = p[i * 2 + 1];
          double xj = p[j * 2], yj = p[j * 2 + 1];

          if (((yi > lat) != (yj > lat)) &&
              (lon < (xj - xi) * (lat - yi) / (yj - yi) + xi))
            inside = !inside;
        }
      offset += n;
    }
  return inside;
}

/* Area-weighted centroid of the outer rings (holes ignored: labels only need a good spot). */
void
gb_geometry_centroid (const GbGeometry *self,
                      double           *lon,
                      double           *lat)
{
  const double *c = (const double *) self->coords->data;
  double a = 0, cx = 0, cy = 0;
  guint offset = 0, ring = 0;

  for (guint p = 0; p < self->polygons->len; p++)
    {
      guint n_rings = g_array_index (self->polygons, guint32, p);

      for (guint r = 0; r < n_rings; r++, ring++)
        {
          guint n = g_array_index (self->rings, guint32, ring);

          if (r == 0)
            {
              const double *q = c + offset * 2;
              for (guint i = 0, j = n - 1; i < n; j = i++)
                {
                  double cross = q[j * 2] * q[i * 2 + 1] - q[i * 2] * q[j * 2 + 1];
                  a += cross;
                  cx += (q[j * 2] + q[i * 2]) * cross;
                  cy += (q[j * 2 + 1] + q[i * 2 + 1]) * cross;
                }
            }
          offset += n;
        }
    }

  if (a == 0)
    {
      double x0, y0, x1, y1;
      if (gb_geometry_bbox (self, &x0, &y0, &x1, &y1))
        {
          *lon = (x0 + x1) / 2;
          *lat = (y0 + y1) / 2;
        }
      else
        *lon = *lat = 0;
      return;
    }
  *lon = cx / (3 * a);
  *lat = cy / (3 * a);
}

GBytes *
gb_geometry_serialize (const GbGeometry *self)
{
  guint32 header[3] = { self->polygons->len, self->rings->len, self->coords->len / 2 };
  gsize size = 4 + sizeof header + self->polygons->len * 4 + self->rings->len * 4 +
               self->coords->len * sizeof (double);
  guint8 *buf = g_malloc (size);
  guint8 *p = buf;

  /* Native byte order: the blob never leaves this machine except through JSON sync. */
  memcpy (p, MAGIC, 4); p += 4;
  memcpy (p, header, sizeof header); p += sizeof header;
  memcpy (p, self->polygons->data, self->polygons->len * 4); p += self->polygons->len * 4;
  memcpy (p, self->rings->data, self->rings->len * 4); p += self->rings->len * 4;
  memcpy (p, self->coords->data, self->coords->len * sizeof (double));

  return g_bytes_new_take (buf, size);
}

GbGeometry *
gb_geometry_deserialize (const guint8  *data,
                         gsize          size,
                         GError       **error)
{
  g_autoptr(GbGeometry) self = NULL;
  guint32 header[3];
  guint64 need;
  guint64 points = 0, rings = 0;

  if (size < 4 + sizeof header || memcmp (data, MAGIC, 4) != 0)
    goto bad;
  memcpy (header, data + 4, sizeof header);
  need = 4 + sizeof header + (guint64) header[0] * 4 + (guint64) header[1] * 4 +
         (guint64) header[2] * 2 * sizeof (double);
  if (need != size)
    goto bad;

  self = gb_geometry_new ();
  data += 4 + sizeof header;
  g_array_append_vals (self->polygons, data, header[0]); data += header[0] * 4;
  g_array_append_vals (self->rings, data, header[1]); data += header[1] * 4;
  g_array_append_vals (self->coords, data, header[2] * 2);

  for (guint i = 0; i < header[0]; i++)
    rings += g_array_index (self->polygons, guint32, i);
  for (guint i = 0; i < header[1]; i++)
    points += g_array_index (self->rings, guint32, i);
  if (rings != header[1] || points != header[2])
    goto bad;

  return g_steal_pointer (&self);

bad:
  g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, _("A stored geometry is damaged"));
  return NULL;
}
