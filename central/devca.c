/* Development CA with mbedTLS 2.28. See devca.h. */
#include "central/devca.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/asn1write.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#define PEM_MAX 4096

static const char *const files[6] = {"ca.crt",     "ca.key",    "server.crt",
                                     "server.key", "kiosk.crt", "kiosk.key"};

struct rng {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

static int gen_key(struct rng *r, mbedtls_pk_context *pk)
{
	if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0)
		return -ENOMEM;
	return mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk),
	                           mbedtls_ctr_drbg_random, &r->drbg) == 0
	           ? 0
	           : -EIO;
}

static void validity(char *buf, size_t cap, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y%m%d%H%M%S", &tm);
}

/* subjectAltName: DNS:localhost, IP:127.0.0.1. mbedTLS 2.28 has no setter, so the DER
 * GeneralNames sequence is written by hand (backwards, as the asn1write API does). */
static int san_extension(unsigned char *buf, size_t cap, unsigned char **start, size_t *len)
{
	static const unsigned char ip[4] = {127, 0, 0, 1};
	static const char dns[] = "localhost";
	unsigned char *p = buf + cap;
	size_t n = 0, part;
	int rc;
#define W(call)                                                                                    \
	do {                                                                                       \
		if ((rc = (call)) < 0)                                                             \
			return -EIO;                                                               \
		part += (size_t)rc;                                                                \
	} while (0)
	part = 0;
	W(mbedtls_asn1_write_raw_buffer(&p, buf, ip, sizeof ip));
	W(mbedtls_asn1_write_len(&p, buf, sizeof ip));
	W(mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7));
	n += part;
	part = 0;
	W(mbedtls_asn1_write_raw_buffer(&p, buf, (const unsigned char *)dns, sizeof dns - 1));
	W(mbedtls_asn1_write_len(&p, buf, sizeof dns - 1));
	W(mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 2));
	n += part;
	part = 0;
	W(mbedtls_asn1_write_len(&p, buf, n));
	W(mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE));
	n += part;
	*start = p;
	*len = n;
	return 0;
}

/* extendedKeyUsage: one purpose. */
static int eku_extension(unsigned char *buf, size_t cap, const char *oid, size_t oid_len,
                         unsigned char **start, size_t *len)
{
	unsigned char *p = buf + cap;
	size_t n = 0, part = 0;
	int rc;
	W(mbedtls_asn1_write_oid(&p, buf, oid, oid_len));
	n += part;
	part = 0;
	W(mbedtls_asn1_write_len(&p, buf, n));
	W(mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE));
	n += part;
	*start = p;
	*len = n;
	return 0;
#undef W
}

enum kind { KIND_CA, KIND_SERVER, KIND_CLIENT };

static int make_cert(struct rng *r, enum kind kind, mbedtls_pk_context *subject_key,
                     mbedtls_pk_context *issuer_key, const char *subject, const char *issuer,
                     int days, unsigned char *pem, size_t cap)
{
	mbedtls_x509write_cert crt;
	mbedtls_mpi serial;
	unsigned char rnd[16], ext[256], *start;
	size_t len;
	char from[16], to[16];
	int rc = -EIO;
	time_t now = time(NULL);
	mbedtls_x509write_crt_init(&crt);
	mbedtls_mpi_init(&serial);
	if (mbedtls_ctr_drbg_random(&r->drbg, rnd, sizeof rnd) != 0)
		goto out_free;
	rnd[0] &= 0x7F; /* serial numbers are positive */
	rnd[0] |= 0x01;
	if (mbedtls_mpi_read_binary(&serial, rnd, sizeof rnd) != 0)
		goto out_free;
	validity(from, sizeof from, now - 86400);
	validity(to, sizeof to, now + (time_t)days * 86400);
	mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&crt, subject_key);
	mbedtls_x509write_crt_set_issuer_key(&crt, issuer_key);
	if (mbedtls_x509write_crt_set_subject_name(&crt, subject) != 0 ||
	    mbedtls_x509write_crt_set_issuer_name(&crt, issuer) != 0 ||
	    mbedtls_x509write_crt_set_serial(&crt, &serial) != 0 ||
	    mbedtls_x509write_crt_set_validity(&crt, from, to) != 0 ||
	    mbedtls_x509write_crt_set_basic_constraints(&crt, kind == KIND_CA, 0) != 0 ||
	    mbedtls_x509write_crt_set_subject_key_identifier(&crt) != 0 ||
	    mbedtls_x509write_crt_set_authority_key_identifier(&crt) != 0)
		goto out_free;
	unsigned int usage = kind == KIND_CA
	                         ? (MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN)
	                         : MBEDTLS_X509_KU_DIGITAL_SIGNATURE;
	if (mbedtls_x509write_crt_set_key_usage(&crt, usage) != 0)
		goto out_free;
	if (kind == KIND_SERVER) {
		if (san_extension(ext, sizeof ext, &start, &len) != 0 ||
		    mbedtls_x509write_crt_set_extension(
		        &crt, MBEDTLS_OID_SUBJECT_ALT_NAME,
		        MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, start, len) != 0)
			goto out_free;
		if (eku_extension(ext, sizeof ext, MBEDTLS_OID_SERVER_AUTH,
		                  MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH), &start, &len) != 0)
			goto out_free;
	} else if (kind == KIND_CLIENT) {
		if (eku_extension(ext, sizeof ext, MBEDTLS_OID_CLIENT_AUTH,
		                  MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH), &start, &len) != 0)
			goto out_free;
	}
	if (kind != KIND_CA &&
	    mbedtls_x509write_crt_set_extension(&crt, MBEDTLS_OID_EXTENDED_KEY_USAGE,
	                                        MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0,
	                                        start, len) != 0)
		goto out_free;
	if (mbedtls_x509write_crt_pem(&crt, pem, cap, mbedtls_ctr_drbg_random, &r->drbg) != 0)
		goto out_free;
	rc = 0;
out_free:
	mbedtls_mpi_free(&serial);
	mbedtls_x509write_crt_free(&crt);
	return rc;
}

static int write_new(const char *dir, const char *name, const unsigned char *data, mode_t mode)
{
	char path[4096];
	size_t len = strlen((const char *)data), done = 0;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return -ENAMETOOLONG;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(path);
			return -EIO;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		unlink(path);
		return -EIO;
	}
	return 0;
}

static void set_err(char *err, size_t cap, const char *msg)
{
	if (err && cap)
		snprintf(err, cap, "%s", msg);
}

int central_devca_create(const char *dir, char *err, size_t cap)
{
	unsigned char pem[6][PEM_MAX];
	static const char pers[] = "accueil-dev-ca";
	struct rng r;
	mbedtls_pk_context keys[3];
	char path[4096];
	int rc = -EIO;
	struct stat st;
	if (!dir || !*dir)
		return -EINVAL;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		set_err(err, cap, "cannot create the directory");
		return -errno;
	}
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (lstat(path, &st) == 0) {
			set_err(err, cap,
			        "a certificate or key already exists there; nothing written");
			return -EEXIST;
		}
	}
	mbedtls_entropy_init(&r.entropy);
	mbedtls_ctr_drbg_init(&r.drbg);
	for (int i = 0; i < 3; i++)
		mbedtls_pk_init(&keys[i]);
	memset(pem, 0, sizeof pem);
	if (mbedtls_ctr_drbg_seed(&r.drbg, mbedtls_entropy_func, &r.entropy,
	                          (const unsigned char *)pers, sizeof pers - 1) != 0)
		goto out_free;
	for (int i = 0; i < 3; i++)
		if (gen_key(&r, &keys[i]) != 0)
			goto out_free;
	const char *ca_name = "CN=Accueil Development CA,O=Accueil";
	if (make_cert(&r, KIND_CA, &keys[0], &keys[0], ca_name, ca_name, 3650, pem[0], PEM_MAX) ||
	    make_cert(&r, KIND_SERVER, &keys[1], &keys[0], "CN=localhost,O=Accueil", ca_name, 730,
	              pem[2], PEM_MAX) ||
	    make_cert(&r, KIND_CLIENT, &keys[2], &keys[0], "CN=kiosk-dev,O=Accueil", ca_name, 730,
	              pem[4], PEM_MAX))
		goto out_free;
	for (int i = 0; i < 3; i++)
		if (mbedtls_pk_write_key_pem(&keys[i], pem[2 * i + 1], PEM_MAX) != 0)
			goto out_free;
	for (int i = 0; i < 6; i++) {
		rc = write_new(dir, files[i], pem[i], (i % 2) ? 0600 : 0644);
		if (rc) {
			/* Leave nothing half made: remove what this call wrote. */
			for (int k = 0; k < i; k++) {
				snprintf(path, sizeof path, "%s/%s", dir, files[k]);
				unlink(path);
			}
			set_err(err, cap, "cannot write the files");
			goto out_free;
		}
	}
	rc = 0;
out_free:
	if (rc == -EIO)
		set_err(err, cap, "key or certificate generation failed");
	for (int i = 0; i < 3; i++)
		mbedtls_pk_free(&keys[i]);
	mbedtls_ctr_drbg_free(&r.drbg);
	mbedtls_entropy_free(&r.entropy);
	memset(pem, 0, sizeof pem);
	return rc;
}
