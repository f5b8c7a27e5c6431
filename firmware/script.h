/* Scripted runs: drive the real kiosk with a manual clock, one command per line.
 *
 *   # a comment
 *   size 1920x1080              the off-screen surface (before any input)
 *   key down                    up down action back help vol- vol+ lang repeat rate erase 0..9
 *   touch 540 900               finger down and up at a point; also touch-down/-move/-up X Y
 *   tap "Français"              down and up on the centre of the item showing exactly this
 *                               text, else of the first item showing it
 *   type "Léa"                  text from a USB keyboard, one character at a time
 *   date 2026-12-24T10:25-05:00 the wall clock (what receipts are dated with)
 *   key technician              the service keyboard's chord (Ctrl+Alt+T)
 *   technician-pin pbkdf2-sha256$…  the technician PIN's stored form for this run
 *   headphones in               or out
 *   wait 5s                     also 250ms, 2m: time passes, speech ends, time-outs fire
 *   wait network                until the central has answered everything sent (real time)
 *   expect screen home
 *   expect said fr "Bonjour"    said in that language since the last input (substring)
 *   expect focus "English"      the focused item's text (substring)
 *   expect shown "Aide"         any item on screen (substring)
 *   expect hidden "Aide"        no item on screen shows it
 *   rendezvous notice-added     makes OUT/notice-added.wait and waits (real time, at most
 *                               30 s) for the test driving the run to remove it: what the
 *                               test does meanwhile (a staff command) happens at that point
 *   expect speech on            or off
 *   screenshot home-fr          OUT/home-fr.png
 *
 * A malformed line or a failed expectation stops the run with "FILE:LINE: why". */
#ifndef ACCUEIL_SCRIPT_H
#define ACCUEIL_SCRIPT_H

#include <stdint.h>
#include <stdio.h>

#include "firmware/kiosk.h"

/* Runs the script at path. *clock is the manual clock (ms), advanced by "wait".
 * Messages go to err. Returns 0, -EINVAL (bad line), -EIO (cannot read or write),
 * or -EDOM (an expectation failed). */
int script_run(kiosk_t *k, const char *path, const char *out_dir, uint64_t *clock, FILE *err);

/* Parses the "size" of a script before the kiosk exists: reads path and writes the
 * first "size WxH" into w, h (left alone when there is none). Returns 0 or -EIO. */
int script_size(const char *path, int *w, int *h);

#endif
