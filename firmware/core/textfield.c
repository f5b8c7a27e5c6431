#include "firmware/core/textfield.h"

#include <errno.h>
#include <string.h>

#include "firmware/core/text.h"
#include "firmware/core/utf8.h"

int textfield_insert(char *buf, size_t cap, long max_chars, const char *in, bool multiline)
{
	size_t have = strlen(buf), add = strlen(in);
	long chars = utf8_chars(in, add);
	uint32_t cp;

	if (chars <= 0)
		return -EILSEQ;
	for (size_t i = 0; i < add;) {
		size_t k = utf8_decode(in + i, add - i, &cp);
		if (k == 0 || (cp < 0x20 && !(multiline && cp == '\n')) ||
		    (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
			return -EILSEQ;
		i += k;
	}
	if (textfield_chars(buf) + chars > max_chars || have + add >= cap)
		return -E2BIG;
	memcpy(buf + have, in, add + 1);
	return 0;
}

int textfield_erase(char *buf, char *erased)
{
	size_t n = strlen(buf);
	if (n == 0)
		return -ENOENT;
	size_t start = n - 1;
	while (start > 0 && utf8_is_cont((unsigned char)buf[start]))
		start--;
	if (erased) {
		memcpy(erased, buf + start, n - start);
		erased[n - start] = '\0';
	}
	text_wipe(buf + start, n - start);
	return 0;
}

long textfield_chars(const char *buf)
{
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
		n += !utf8_is_cont(*p);
	return n;
}

void textfield_last_word(const char *buf, char *out, size_t cap)
{
	size_t n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\n'))
		n--;
	size_t start = n;
	while (start > 0 && buf[start - 1] != ' ' && buf[start - 1] != '\n')
		start--;
	size_t len = n - start;
	if (cap == 0)
		return;
	if (len >= cap) {
		len = cap - 1;
		while (len > 0 && utf8_is_cont((unsigned char)buf[start + len]))
			len--;
	}
	memcpy(out, buf + start, len);
	out[len] = '\0';
}

static const char *const picker[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z", "é", "è", "ê", "ë", "à", "â", "ç", "î", "ï", "ô", "û", "ù",
    "ü", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", " ", "@", ".", "-", "_", "’", ",",
};

int textfield_picker_count(void)
{
	return (int)(sizeof(picker) / sizeof(picker[0])) + 1; /* "done" first */
}

const char *textfield_picker_char(int i)
{
	return i >= 1 && i <= (int)(sizeof(picker) / sizeof(picker[0])) ? picker[i - 1] : NULL;
}
