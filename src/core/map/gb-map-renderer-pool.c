/* gb-map-renderer-pool.c — the thread pool that draws a second band of a frame
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-map-renderer-private.h"

static void
run_job (gpointer data,
         gpointer user_data)
{
  GbMapJob *job = data;

  job->func (job->data);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

static GThreadPool *
job_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, (gsize) g_thread_pool_new (run_job, NULL, -1, FALSE, NULL));
  return (GThreadPool *) pool;
}

void
gb_map_job_start (GbMapJob   *job,
                  GThreadFunc func,
                  gpointer    data)
{
  job->func = func;
  job->data = data;
  job->done = FALSE;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  g_thread_pool_push (job_pool (), job, NULL);
}

void
gb_map_job_wait (GbMapJob *job)
{
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
}
