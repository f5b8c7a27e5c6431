/* The receipt printer (SPEC.md C3, C5), chosen by the configuration's `printer` string:
 *  - "none": no printer; printing says -ENODEV;
 *  - "/dev/usb/lp0" (any absolute path): a device that takes ESC/POS bytes (usblp, a
 *    parallel port, a serial adapter), opened for each print;
 *  - "file:PATH": appends the bytes to PATH (development, scripted runs, tests).
 * Printing never holds the UI loop for long: the device is opened with O_NONBLOCK and written
 * under poll() with a total budget of PRINTER_WRITE_BUDGET_MS; what the device has not taken
 * by then is an error, not a wait. A receipt is about 15 KB, which a USB printer takes in a few
 * milliseconds; the budget only bounds a stalled or jammed printer. */
#ifndef ACCUEIL_PRINTER_H
#define ACCUEIL_PRINTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct printer printer_t;

/* Longest the loop is held by one print. */
#define PRINTER_WRITE_BUDGET_MS 400
/* Largest document accepted by printer_print. */
#define PRINTER_DOC_MAX (64 * 1024)
/* Longest configuration string (with its NUL). */
#define PRINTER_SPEC_MAX 512

enum printer_kind { PRINTER_NONE, PRINTER_DEVICE, PRINTER_FILE };

/* Makes the printer named by spec (see above). Nothing is opened yet: a printer unplugged at
 * start is not an error here (printer_status says so). Returns 0 and *out (free it with
 * printer_free), -EINVAL for an empty, relative or over-long spec (or "file:" with no path),
 * -ENOMEM. */
int printer_new(const char *spec, printer_t **out);
/* Frees p. NULL is fine. */
void printer_free(printer_t *p);

/* Sends len bytes (1..PRINTER_DOC_MAX) to the printer; the caller keeps the bytes. Returns 0
 * when all were taken, or: -ENODEV no printer configured, or the device is missing or
 * unplugged; -EACCES no permission on the device or file; -EBUSY another program holds it;
 * -ENOSPC paper out (usblp's report) or a full disk; -EIO printer off line or in error;
 * -ETIMEDOUT the device took only part of it within PRINTER_WRITE_BUDGET_MS (a jam or a
 * stalled printer: the paper holds a partial document); -EMSGSIZE for a bad length;
 * another negative errno from open/write. */
int printer_print(printer_t *p, const uint8_t *bytes, size_t len);

/* Whether a print would work now, for the self-test: opens the device without writing and,
 * when the driver answers LPGETSTATUS, reads its paper-out and error lines. Returns 0 ready,
 * -ENODEV none configured or missing, -ENOSPC paper out, -EIO off line or in error, -EACCES,
 * or another negative errno. A file printer is ready when its file can be opened for
 * appending. */
int printer_status(printer_t *p);

/* Which backend p is. */
enum printer_kind printer_kind(const printer_t *p);
/* The device or file path ("" for none). Owned by p. */
const char *printer_path(const printer_t *p);
/* A short English line about an error of printer_print or printer_status, for the log and the
 * self-test. Static storage; never NULL. */
const char *printer_error(int rc);

#endif
