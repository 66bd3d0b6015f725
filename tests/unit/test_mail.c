/* test_mail.c -- the calendar file (ics.c) and the message format
 * (mail.c): folding at 75 octets between UTF-8 characters, TEXT escaping,
 * RFC 2047 encoded-words, refusal of header injection, [mail] in conf;
 * the reminder (remind.c) in the recipient's language. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "notify/ics.h"
#include "notify/mail.h"
#include "notify/remind.h"
#include "tap.h"
#include "base/util.h"
#include "xml/i18n.h"

/* Longest physical line (without CRLF) and whether every line ends in CRLF
 * and no UTF-8 character is split by a fold. */
static size_t
longest_line(const char *s, bool *crlf_only, bool *utf8_whole)
{
	const char *p = s, *nl;
	size_t max = 0, n;

	*crlf_only = true;
	*utf8_whole = true;
	while (*p) {
		nl = strstr(p, "\r\n");
		if (nl == NULL) {
			*crlf_only = false;
			break;
		}
		n = (size_t)(nl - p);
		if (memchr(p, '\n', n))
			*crlf_only = false;
		if (!utf8_valid(p, n))
			*utf8_whole = false;
		if (n > max)
			max = n;
		p = nl + 2;
	}
	return max;
}

/* RFC 5545 unfolding: CRLF followed by one space disappears. */
static void
unfold(const char *in, char *out, size_t size)
{
	size_t n = 0;

	while (*in && n + 1 < size) {
		if (in[0] == '\r' && in[1] == '\n' && in[2] == ' ') {
			in += 3;
			continue;
		}
		out[n++] = *in++;
	}
	out[n] = '\0';
}

static void
test_ics(void)
{
	char flat[4096];
	struct ics_event e = {
		.id = 42, .sequence = 3, .start_utc = "2027-02-10T08:30",
		.summary = "Doelstellingengesprek Zoë Çelik-Jansen - Mark Jansen; één, twee \\ drie "
		    "– een lange titel met veel tekens: ëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëë",
		.description = "regel 1\nregel 2",
		.organizer_name = "Mark \"MJ\" Jansen", .organizer_email = "mark@example.nl",
		.attendee_name = "Zoë", .attendee_email = "",
	};
	struct buf b;
	bool crlf, whole;

	buf_init(&b);
	ok(ics_build(&b, &e), "ics: builds");
	ok(longest_line(b.data, &crlf, &whole) <= ICS_LINE_OCTETS, "ics: lines at most 75 octets");
	ok(crlf && whole, "ics: CRLF only, no character split by a fold");
	unfold(b.data, flat, sizeof(flat));
	ok(strstr(b.data, "UID:conversation-42@gesprek\r\n") != NULL, "ics: stable UID");
	ok(strstr(b.data, "SEQUENCE:3\r\n") != NULL, "ics: SEQUENCE is the version");
	ok(strstr(b.data, "DTSTART:20270210T083000Z\r\nDTEND:20270210T093000Z\r\n") != NULL,
	    "ics: UTC start and end, one hour");
	ok(strstr(flat, "Jansen\\; ") != NULL && strstr(flat, "één\\, twee \\\\ drie") != NULL,
	    "ics: ; , and \\ escaped");
	ok(strstr(flat, "regel 1\\nregel 2") != NULL, "ics: newline escaped");
	ok(strstr(flat, "ORGANIZER;CN=\"Mark MJ Jansen\":mailto:mark@example.nl") != NULL,
	    "ics: organizer with a quoted name, no DQUOTE inside");
	ok(strstr(b.data, "mailto:\r\n") == NULL && strstr(b.data, "CN=\"Zoë\"") == NULL,
	    "ics: no attendee without an address");
	buf_reset(&b);
	e.start_utc = "";
	ok(!ics_build(&b, &e), "ics: no date, no invitation");
	buf_free(&b);
}

static void
test_format(void)
{
	struct mail_msg m = {
		.from = "gesprek@example.nl", .from_name = "Gesprek",
		.to = "zoe@example.nl", .to_name = "Zoë Çelik",
		.lang = "nl",
		.subject = "Uitnodiging: Doelstellingengesprek op 10 februari 2027 om 09:30 – "
		    "een heel lang onderwerp met één of twee bijzondere tekens ëëëëëëëëëëëë",
		.body = "Beste Zoë,\n\nTekst.\n",
	};
	struct buf b;
	bool crlf, whole;
	const char *p;

	buf_init(&b);
	ok(mail_format(&m, &b), "mail: formats");
	ok(strstr(b.data, "To: =?UTF-8?B?") != NULL && strstr(b.data, "<zoe@example.nl>") != NULL,
	    "mail: non-ASCII name as an encoded-word");
	ok(strstr(b.data, "From: \"Gesprek\" <gesprek@example.nl>\r\n") != NULL, "mail: ASCII name quoted");
	ok(strstr(b.data, "Message-ID: <") != NULL && strstr(b.data, "@example.nl>\r\n") != NULL,
	    "mail: Message-ID in the sender's domain");
	ok(strstr(b.data, "Content-Type: text/plain; charset=UTF-8\r\n") != NULL, "mail: UTF-8 text");
	/* each encoded-word at most 75 characters, folded between words */
	for (p = b.data; (p = strstr(p, "=?UTF-8?B?")) != NULL; p++)
		if (!ok(strstr(p, "?=") - p + 2 <= 75, "mail: encoded-word within 75 characters"))
			break;
	longest_line(b.data, &crlf, &whole);
	ok(crlf, "mail: CRLF line ends");
	buf_reset(&b);
	m.to_name = "Zoë\r\nBcc: iedereen@example.nl";
	ok(!mail_format(&m, &b), "mail: a line break in a name is refused");
	m.to_name = "Zoë";
	m.to = "zoe@example.nl>, x@example.nl";
	buf_reset(&b);
	ok(!mail_format(&m, &b), "mail: an address with extra recipients is refused");
	buf_free(&b);
}

static void
test_conf(void)
{
	struct conf c;
	char err[CONF_ERR_MAX];
	static const char good[] = "[mail]\nsendmail = /usr/sbin/sendmail\nfrom = g@example.nl\n"
	    "language = en\nremind_days = 3\n";
	static const char relative[] = "[mail]\nsendmail = sendmail\nfrom = g@example.nl\n";
	static const char nofrom[] = "[mail]\nsendmail = /usr/sbin/sendmail\n";
	static const char lang[] = "[mail]\nlanguage = de\n";

	conf_defaults(&c);
	ok(!mail_on(&c) && strcmp(c.mail_language, "nl") == 0 && c.mail_remind_days == 7,
	    "conf: mail off by default, nl, 7 days");
	ok(conf_parse(&c, "t", good, sizeof(good) - 1, err, sizeof(err)) && mail_on(&c) &&
	    c.mail_remind_days == 3 && strcmp(c.mail_language, "en") == 0, "conf: [mail] read");
	conf_defaults(&c);
	ok(!conf_parse(&c, "t", relative, sizeof(relative) - 1, err, sizeof(err)),
	    "conf: sendmail must be absolute");
	conf_defaults(&c);
	ok(!conf_parse(&c, "t", nofrom, sizeof(nofrom) - 1, err, sizeof(err)),
	    "conf: from is required with sendmail");
	conf_defaults(&c);
	ok(!conf_parse(&c, "t", lang, sizeof(lang) - 1, err, sizeof(err)), "conf: language nl or en");
}

/* The reminder (remind.c): the language each recipient reads, and the
 * texts with type, date and link written in it. */
static void
test_remind(void)
{
	const char *top = getenv("top_srcdir");
	char path[1024], err[256] = "";
	struct remind_note n = { .conversation_id = 42, .type = "goal_setting",
		.due_on = "2027-01-15", .cycle = "2027", .employee = "Eva de Vries",
		.manager = "Mark Jansen", .name = "Eva de Vries", .email = "eva@example.nl" };
	struct catalog *en;
	struct buf subject, body, msg, subj2;
	struct conf c;

	conf_defaults(&c);
	strlcopy(c.mail_language, "nl", sizeof(c.mail_language));
	strlcopy(c.mail_from, "gesprek@example.nl", sizeof(c.mail_from));
	strlcopy(c.mail_url, "https://gesprek.example.nl", sizeof(c.mail_url));
	is_str(remind_lang(&c, "en"), "en", "remind: the recipient's choice");
	is_str(remind_lang(&c, ""), "nl", "remind: no choice: [mail] language");
	is_str(remind_lang(&c, NULL), "nl", "remind: NULL: [mail] language");
	is_str(remind_lang(&c, "fr"), "nl", "remind: a language we do not speak: [mail]'s");
	snprintf(path, sizeof(path), "%s/xslt/i18n/en.xml", top ? top : ".");
	en = catalog_load(path, "en", err, sizeof(err));
	ok(en != NULL, "remind: en catalog loads");
	if (en == NULL)
		return;
	buf_init(&subject);
	buf_init(&body);
	buf_init(&msg);
	buf_init(&subj2);
	ok(remind_texts(en, &c, &n, &subject, &body), "remind: texts");
	is_str(subject.data, "Reminder: Goal-setting conversation due 15 January 2027",
	    "remind: subject with type and date in English");
	ok(strstr(body.data, "Eva de Vries with Mark Jansen") != NULL, "remind: whose conversation");
	ok(strstr(body.data, "https://gesprek.example.nl/conversations/42") != NULL,
	    "remind: the link to the conversation");
	ok(remind_compose(en, &c, &n, &msg, &subj2), "remind: the whole message");
	is_str(subj2.data, subject.data, "remind: the message's subject is the preview's");
	ok(strstr(msg.data, "Content-Language: en\r\n") != NULL, "remind: Content-Language");
	buf_free(&subject);
	buf_free(&body);
	buf_free(&msg);
	buf_free(&subj2);
	catalog_free(en);
}

int
main(void)
{
	test_ics();
	test_format();
	test_conf();
	test_remind();
	return tap_done();
}
