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

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <string.h>

#include "gb-renderer.h"

#ifdef GDK_WINDOWING_X11
#include <epoxy/glx.h>
#include <gdk/x11/gdkx.h>
#endif
#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/wayland/gdkwayland.h>
#endif

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

static gboolean
name_is_software (const char *name)
{
  return strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL ||
         strstr (name, "Software Rasterizer") != NULL;
}

/* Where Mesa can tell without a context of ours: the driver EGL loaded (EGL_MESA_query_driver:
 * "swrast" and "kms_swrast" are the CPU), or the renderer GLX offers (GLX_MESA_query_renderer).
 * 1 yes, 0 no, -1 not known. */
static int
driver_is_software (GdkDisplay *display)
{
  EGLDisplay egl = NULL;
  const char *name;

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *x = gdk_x11_display_get_xdisplay (display);
      int screen = DefaultScreen (x);

      egl = gdk_x11_display_get_egl_display (display);
      if (egl == NULL && epoxy_has_glx_extension (x, screen, "GLX_MESA_query_renderer") &&
          (name = glXQueryRendererStringMESA (x, screen, 0, GLX_RENDERER_DEVICE_ID_MESA)) != NULL)
        {
          g_debug ("GLX renderer: %s", name);
          return name_is_software (name);
        }
    }
#endif
#ifdef GDK_WINDOWING_WAYLAND
  if (GDK_IS_WAYLAND_DISPLAY (display))
    egl = gdk_wayland_display_get_egl_display (display);
#endif
  if (egl == NULL || !epoxy_has_egl_extension (egl, "EGL_MESA_query_driver") ||
      (name = eglGetDisplayDriverName (egl)) == NULL)
    return -1;
  g_debug ("EGL driver: %s", name);
  return strcmp (name, "swrast") == 0 || strcmp (name, "kms_swrast") == 0;
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
  if (!gdk_display_prepare_gl (display, NULL))
    return FALSE;
  /* Asked of Mesa where it can tell: a context of our own to read GL_RENDERER from cost some
   * 60 M instructions (15 ms) on llvmpipe. */
  switch (driver_is_software (display))
    {
    case 1:
      return TRUE;
    case 0:
      return FALSE;
    default:
      break;
    }
  if ((context = gdk_display_create_gl_context (display, NULL)) == NULL ||
      !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = name != NULL && name_is_software (name);
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
