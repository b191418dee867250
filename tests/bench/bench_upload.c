/*
 * Upload throughput: a 20 MiB file sent to a real banshid over TLS in
 * 256 KiB chunks (one at a time, and eight in flight), beside the same
 * bytes copied through an openssl s_client / s_server pair on loopback,
 * measured in the same run as the baseline.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "frame.h"
#include "harness.h"

#define SIZE	(20 * 1024 * 1024)
#define CHUNK	(256 * 1024)

static struct server	 s;

/* A free loopback port for s_server (bound, read back, released). */
static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, port;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sin, sizeof sin);
	getsockname(fd, (struct sockaddr *)&sin, &len);
	port = ntohs(sin.sin_port);
	close(fd);
	return (port);
}

/* Seconds for openssl s_client to deliver the file to s_server. */
static double
openssl_baseline(const char *file)
{
	char	cmd[1024];
	pid_t	srv;
	int	port = free_port(), status;
	double	t0;

	if ((srv = fork()) == 0) {
		char p[16];

		snprintf(p, sizeof p, "%d", port);
		if (freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			_exit(127);
		snprintf(cmd, sizeof cmd, "%s/certs/server.pem", s.dir);
		{
			char key[400];

			snprintf(key, sizeof key, "%s/certs/server.key", s.dir);
			execlp("openssl", "openssl", "s_server", "-quiet",
			    "-naccept", "1", "-accept", p, "-cert", cmd,
			    "-key", key, (char *)NULL);
		}
		_exit(127);
	}
	usleep(300000);		/* s_server prints nothing when quiet */
	t0 = now_ms();
	snprintf(cmd, sizeof cmd, "openssl s_client -quiet -no_ign_eof "
	    "-connect 127.0.0.1:%d < %s > /dev/null 2>&1", port, file);
	if (system(cmd) != 0)
		fprintf(stderr, "s_client failed\n");
	waitpid(srv, &status, 0);	/* s_server exits after the stream */
	return ((now_ms() - t0) / 1000);
}

/* Upload the file with up to window chunks in flight; seconds taken. */
static double
banshi_upload(struct wire *w, const char *draft, int slot,
    const uint8_t *file, int window, double *finish_s)
{
	ClientMessage			 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StartUpload		 su = BANSHI__V1__START_UPLOAD__INIT;
	Banshi__V1__UploadChunk		 uc = BANSHI__V1__UPLOAD_CHUNK__INIT;
	Banshi__V1__FinishUpload	 fu = BANSHI__V1__FINISH_UPLOAD__INIT;
	ServerMessage			*r;
	uint8_t				 hash[32];
	char				 up[64];
	size_t				 sent = 0, acked = 0;
	double				 t0, t1;

	crypto_generichash(hash, sizeof hash, file, SIZE, NULL, 0);
	t0 = now_ms();
	su.draft_id = (char *)draft;
	su.slot = slot;
	su.extra_name = "";
	su.filename = "big.pdf";
	su.size = SIZE;
	su.hash.data = hash;
	su.hash.len = sizeof hash;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_START_UPLOAD;
	m.start_upload = &su;
	r = call_mutating(w, &m);
	REQUIRE(status_of(r) == 0, "start");
	snprintf(up, sizeof up, "%s", r->reply->upload->upload_id);
	msg_free(r);
	uc.upload_id = up;
	while (acked < SIZE) {
		while (sent < SIZE && sent - acked < (size_t)window * CHUNK) {
			memset(&m, 0, sizeof m);
			banshi__v1__client_message__init(&m);
			m.id = 1000000 + (uint32_t)(sent / CHUNK);
			uc.offset = sent;
			uc.data.data = (uint8_t *)file + sent;
			uc.data.len = CHUNK;
			m.body_case =
			    BANSHI__V1__CLIENT_MESSAGE__BODY_UPLOAD_CHUNK;
			m.upload_chunk = &uc;
			REQUIRE(wire_send(w, &m.base) == 0, "send");
			sent += CHUNK;
		}
		r = next_message(w);
		REQUIRE(status_of(r) == 0, "chunk: %d", status_of(r));
		acked = r->reply->upload->offset;
		msg_free(r);
	}
	t1 = now_ms();
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	fu.upload_id = up;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_FINISH_UPLOAD;
	m.finish_upload = &fu;
	r = call_mutating(w, &m);
	REQUIRE(status_of(r) == 0, "finish: %d", status_of(r));
	msg_free(r);
	*finish_s = (now_ms() - t1) / 1000;
	return ((t1 - t0) / 1000);
}

int
main(void)
{
	struct wire	*w;
	ServerMessage	*r;
	uint8_t		*file;
	char		 code[64], draft[64], path[400];
	double		 base, one, eight, fin1, fin8, mib = SIZE / 1048576.0;
	FILE		*f;
	size_t		 i;

	harness_verbose = 0;	/* as deployed: no debug log */
	server_start(&s, "[limits]\nupload_max = 20M\n");
	add_user(&s, "agent", "agent");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "agent", TEST_PASSWORD, NULL) == 0, "login");
	REQUIRE(item_code(w, "大型户外广告设置许可", code, sizeof code)[0],
	    "item");
	r = create_draft(w, code);
	REQUIRE(status_of(r) == 0, "draft");
	snprintf(draft, sizeof draft, "%s", r->reply->draft->draft_id);
	msg_free(r);

	file = malloc(SIZE);
	for (i = 0; i < SIZE; i++)
		file[i] = (uint8_t)((i * 2654435761u) >> 13);
	memcpy(file, "%PDF-1.7\n", 9);
	snprintf(path, sizeof path, "%s/big.pdf", s.dir);
	f = fopen(path, "wb");
	fwrite(file, 1, SIZE, f);
	fclose(f);

	base = openssl_baseline(path);
	one = banshi_upload(w, draft, 0, file, 1, &fin1);
	file[100] ^= 1;		/* a different file, so nothing resumes */
	eight = banshi_upload(w, draft, 3, file, 8, &fin8);
	printf("bench_upload: %.0f MiB over TLS on loopback, %d KiB chunks\n",
	    mib, CHUNK / 1024);
	printf("  openssl s_client -> s_server   %7.1f MiB/s  (baseline)\n",
	    mib / base);
	printf("  banshi, 1 chunk in flight      %7.1f MiB/s  ratio %.2f"
	    "  (+ %.0f ms to check and store)\n", mib / one, base / one,
	    fin1 * 1000);
	printf("  banshi, 8 chunks in flight     %7.1f MiB/s  ratio %.2f"
	    "  (+ %.0f ms to check and store)\n", mib / eight, base / eight,
	    fin8 * 1000);
	wire_close(w);
	free(file);
	return (harness_done(&s));
}
