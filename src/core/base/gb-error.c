/* gb-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-error.h"

G_DEFINE_QUARK (gb-error-quark, gb_error)
