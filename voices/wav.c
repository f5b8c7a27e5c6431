/* WAV writing with explicit little-endian fields, so the files are the same on every board. */
#include "voices/wav.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAV_HEADER_BYTES   44
#define WAV_MAX_DATA_BYTES 0x7FFFFF00u

struct wav {
	FILE *f;
	int rate;
	size_t samples;
	int error;
};

static void put_le16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v & 0xFF);
	p[1] = (unsigned char)((v >> 8) & 0xFF);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, v & 0xFFFF);
	put_le16(p + 2, v >> 16);
}

static uint32_t get_le16(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t get_le32(const unsigned char *p)
{
	return get_le16(p) | (get_le16(p + 2) << 16);
}

static void make_header(unsigned char h[WAV_HEADER_BYTES], int rate, uint32_t data_bytes)
{
	memcpy(h, "RIFF", 4);
	put_le32(h + 4, 36 + data_bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le32(h + 16, 16);                 /* fmt chunk size */
	put_le16(h + 20, 1);                  /* PCM */
	put_le16(h + 22, 1);                  /* mono */
	put_le32(h + 24, (uint32_t)rate);     /* samples per second */
	put_le32(h + 28, (uint32_t)rate * 2); /* bytes per second */
	put_le16(h + 32, 2);                  /* block align */
	put_le16(h + 34, 16);                 /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le32(h + 40, data_bytes);
}

int wav_open(const char *path, int rate, wav_t **out)
{
	unsigned char h[WAV_HEADER_BYTES];
	if (!path || !out || rate <= 0)
		return -EINVAL;
	struct wav *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->f = fopen(path, "wb");
	if (!w->f) {
		free(w);
		return -EIO;
	}
	w->rate = rate;
	make_header(h, rate, 0);
	if (fwrite(h, 1, sizeof(h), w->f) != sizeof(h)) {
		fclose(w->f);
		free(w);
		return -EIO;
	}
	*out = w;
	return 0;
}

int wav_write(wav_t *w, const int16_t *samples, size_t n)
{
	unsigned char buf[1024];
	int rc = 0;
	if (!w || (!samples && n > 0))
		return -EINVAL;
	size_t room = WAV_MAX_DATA_BYTES / 2 - w->samples;
	if (n > room) {
		n = room;
		rc = -EFBIG;
	}
	while (n > 0) {
		size_t k = n < sizeof(buf) / 2 ? n : sizeof(buf) / 2;
		for (size_t i = 0; i < k; i++)
			put_le16(buf + 2 * i, (uint16_t)samples[i]);
		if (fwrite(buf, 2, k, w->f) != k) {
			w->error = -EIO;
			return -EIO;
		}
		w->samples += k;
		samples += k;
		n -= k;
	}
	return rc;
}

int wav_flush(wav_t *w)
{
	unsigned char h[WAV_HEADER_BYTES];
	if (!w)
		return -EINVAL;
	make_header(h, w->rate, (uint32_t)(w->samples * 2));
	if (fseek(w->f, 0, SEEK_SET) != 0 || fwrite(h, 1, sizeof(h), w->f) != sizeof(h) ||
	    fseek(w->f, 0, SEEK_END) != 0 || fflush(w->f) != 0)
		return -EIO;
	return w->error;
}

size_t wav_samples(const wav_t *w)
{
	return w ? w->samples : 0;
}

int wav_close(wav_t *w)
{
	if (!w)
		return 0;
	int rc = wav_flush(w);
	if (fclose(w->f) != 0 && rc == 0)
		rc = -EIO;
	free(w);
	return rc;
}

int wav_read(const char *path, size_t max_samples, int16_t **samples, size_t *n, int *rate)
{
	unsigned char h[12], ch[8], fmt[16];
	int rc = -EINVAL, got_fmt = 0;
	int16_t *data = NULL;
	if (!path || !samples || !n || !rate)
		return -EINVAL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? -ENOENT : -EIO;
	if (fread(h, 1, sizeof(h), f) != sizeof(h) || memcmp(h, "RIFF", 4) != 0 ||
	    memcmp(h + 8, "WAVE", 4) != 0)
		goto fail_close;
	/* Walk the chunks: other writers put LIST or fact chunks before the data. */
	for (;;) {
		if (fread(ch, 1, sizeof(ch), f) != sizeof(ch))
			goto fail_close;
		uint32_t size = get_le32(ch + 4);
		if (memcmp(ch, "fmt ", 4) == 0) {
			if (size < 16 || fread(fmt, 1, 16, f) != 16)
				goto fail_close;
			if (get_le16(fmt) != 1 || get_le16(fmt + 2) != 1 ||
			    get_le16(fmt + 14) != 16 || get_le32(fmt + 4) == 0 ||
			    get_le32(fmt + 4) > 384000)
				goto fail_close;
			got_fmt = 1;
			size -= 16;
		} else if (memcmp(ch, "data", 4) == 0) {
			break;
		}
		if (fseek(f, (long)size + (size & 1), SEEK_CUR) != 0)
			goto fail_close;
	}
	if (!got_fmt)
		goto fail_close;
	uint32_t bytes = get_le32(ch + 4);
	size_t count = bytes / 2;
	if (count > max_samples) {
		rc = -EFBIG;
		goto fail_close;
	}
	data = malloc(count > 0 ? count * 2 : 1);
	if (!data) {
		rc = -ENOMEM;
		goto fail_close;
	}
	unsigned char buf[1024];
	for (size_t done = 0; done < count;) {
		size_t k = count - done < sizeof(buf) / 2 ? count - done : sizeof(buf) / 2;
		if (fread(buf, 2, k, f) != k) {
			rc = -EINVAL;
			goto fail_free_data;
		}
		for (size_t i = 0; i < k; i++)
			data[done + i] = (int16_t)get_le16(buf + 2 * i);
		done += k;
	}
	fclose(f);
	*samples = data;
	*n = count;
	*rate = (int)get_le32(fmt + 4);
	return 0;
fail_free_data:
	free(data);
fail_close:
	fclose(f);
	return rc;
}
