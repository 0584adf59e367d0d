/* gb-renderer.c — GTK's renderer for this machine
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 renders windows with OpenGL whenever there is OpenGL, and there always is: without a
 * GPU driver (an old laptop, a virtual machine, a remote X session) Mesa's llvmpipe draws it on
 * the CPU. There GTK's GL renderer is the slow way to the same pixels: the demo window took
 * 22–45 ms a frame and its first frame compiled shaders for about 90 M instructions, where
 * GTK's cairo renderer draws the same frame, pixel for pixel but for antialiasing, in 5–11 ms.
 * GTK itself made this choice later (4.14: no GPU renderer on llvmpipe); on 4.8 the app makes
 * it, through GSK_RENDERER, which is the only way to choose it there. A GSK_RENDERER the user
 * set is left alone.
 *
 * GSK_RENDERER has to be in the environment before GTK makes the window's renderer, and the
 * renderer string is only known once GTK has started: gb_renderer_reserve() sets it to GTK's
 * own default ("gl") while the process has one thread (setenv() is not safe beside others);
 * gb_renderer_choose() then changes its value in place, or takes it out again.
 */
#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "gb-renderer.h"

static gboolean reserved;

/**
 * gb_renderer_reserve:
 *
 * Call before any thread is started.
 */
void
gb_renderer_reserve (void)
{
  if (g_getenv ("GSK_RENDERER") == NULL)
    reserved = g_setenv ("GSK_RENDERER", "gl", TRUE);
}

/**
 * gb_renderer_gl_is_software:
 *
 * Returns: whether @display's OpenGL is drawn by the CPU (Mesa's llvmpipe or softpipe); FALSE
 *   where there is no OpenGL at all (GTK then uses cairo by itself)
 */
gboolean
gb_renderer_gl_is_software (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);
  if (!gdk_display_prepare_gl (display, NULL) ||
      (context = gdk_display_create_gl_context (display, NULL)) == NULL ||
      !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = name != NULL && (strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL ||
                              strstr (name, "Software Rasterizer") != NULL);
  g_debug ("OpenGL renderer: %s%s", name ? name : "(none)", software ? " (software)" : "");
  gdk_gl_context_clear_current ();
  return software;
}

/**
 * gb_renderer_choose:
 *
 * Once GTK is started, before the first window is shown: GTK's cairo renderer where OpenGL is
 * software, GTK's own choice elsewhere.
 */
void
gb_renderer_choose (GdkDisplay *display)
{
  if (!reserved)
    return;
  reserved = FALSE;
  if (gb_renderer_gl_is_software (display))
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
}
