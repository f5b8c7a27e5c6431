/* Typing a text (the description, or one contact field): an on-screen keyboard for touch, the
 * character picker for the keypad (K6: Up/Down choose, Action inserts, Back erases), digits on
 * the keypad (K5), and any USB keyboard. Each character is echoed, and a finished word read
 * back, in the visitor's language; what is typed is personal, so it is said through the
 * headphones only (S9). */
#include <errno.h>
#include <string.h>

#include "firmware/core/textfield.h"
#include "ui/screens/complaint.h"

enum {
	ACT_DONE = APP_ACT_SCREEN,
	ACT_FIELD, /* the edit field: Action starts the character picker */
	ACT_SHIFT, /* next letter in capitals */
	ACT_SPACE,
	ACT_ERASE,
	ACT_SET,                       /* letters → accents and signs → digits → letters */
	ACT_KEY = APP_ACT_SCREEN + 32, /* + the key's index in its set */
};

/* The keyboard's three sets: French letters one touch away (é è à ç ê on the first). */
static const char *const sets[3][40] = {
    {"a", "z", "e", "r", "t", "y", "u", "i", "o", "p", "q", "s", "d", "f", "g", "h",
     "j", "k", "l", "m", "w", "x", "c", "v", "b", "n", "é", "è", "à", "ç", "ê", NULL},
    {"ë", "â", "î", "ï", "ô", "û", "ù", "ü", "œ", "æ", "’", ",",
     ".", "?", "!", ":", ";", "(", ")", "«", "»", "-", "/", NULL},
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "@", ".", "-", "_", "+", "#", "&", "/",
     NULL},
};
static const char *const set_keys[3] = {"keyboard.set.accents", "keyboard.set.digits",
                                        "keyboard.set.letters"};

/* The tail of a long text, from a word start, so the field shows where typing goes on. */
static const char *tail(const char *s, size_t keep)
{
	size_t n = strlen(s);
	if (n <= keep)
		return s;
	const char *t = s + n - keep;
	while (*t && *t != ' ' && *t != '\n')
		t++;
	return *t ? t + 1 : s + n - keep;
}

static void upper(const char *in, char *out, size_t cap)
{
	/* Capitals of the letters on the keyboard (ASCII and the French accented ones). */
	static const char *const pairs[][2] = {{"é", "É"}, {"è", "È"}, {"à", "À"}, {"ç", "Ç"},
	                                       {"ê", "Ê"}, {"ë", "Ë"}, {"â", "Â"}, {"î", "Î"},
	                                       {"ï", "Ï"}, {"ô", "Ô"}, {"û", "Û"}, {"ù", "Ù"},
	                                       {"ü", "Ü"}, {"œ", "Œ"}, {"æ", "Æ"}};
	if (in[0] >= 'a' && in[0] <= 'z' && in[1] == '\0') {
		snprintf(out, cap, "%c", in[0] - 'a' + 'A');
		return;
	}
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(in, pairs[i][0]) == 0) {
			snprintf(out, cap, "%s", pairs[i][1]);
			return;
		}
	snprintf(out, cap, "%s", in);
}

/* "4 000" (a narrow no-break space) in French, "4,000" in English. */
static void group_thousands(long n, enum lang l, char *out, size_t cap)
{
	if (n < 1000)
		snprintf(out, cap, "%ld", n);
	else
		snprintf(out, cap, "%ld%s%03ld", n / 1000, l == LANG_FR ? "\u202f" : ",", n % 1000);
}

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;
	enum lang l = a->visit.settings.lang;
	bool desc = c->editing == COMPLAINT_DESCRIPTION;
	const char *text = complaint_field_text(c, c->editing);
	char buf[VIEW_TEXT_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING,
	           desc                              ? "complaint.entry.title"
	           : c->editing == COMPLAINT_COMMENT ? "feedback.title"
	           : c->editing >= COMPLAINT_ATTR0   ? "complaint.details.title"
	                                             : "complaint.field.title",
	           APP_ACT_NONE);
	complaint_error_node(v, a);
	screen_add(v, a, VIEW_ROLE_TEXT, desc ? "complaint.entry.intro" : "complaint.field.intro",
	           APP_ACT_NONE);
	bool attr = c->editing >= COMPLAINT_ATTR0 && c->editing < COMPLAINT_FIELDS;
	const struct complaint_attr *at = attr ? &c->attrs.a[c->editing - COMPLAINT_ATTR0] : NULL;
	/* An extra field is labelled with the central's question, in its own language. */
	struct view_node *f =
	    attr ? screen_add_text(v, "complaint.edit.attr", VIEW_ROLE_EDIT, at->desc_lang,
	                           at->desc, ACT_FIELD)
	         : screen_add(v, a, VIEW_ROLE_EDIT, complaint_field_key(c->editing), ACT_FIELD);
	if (f) {
		f->id = view_id(complaint_edit_id(c->editing));
		f->value_ref = tail(text, 240); /* the last lines: where typing goes on */
		f->personal = !attr;
		f->value_kind = c->editing == COMPLAINT_PHONE   ? VIEW_VALUE_PHONE
		                : c->editing == COMPLAINT_EMAIL ? VIEW_VALUE_EMAIL
		                                                : VIEW_VALUE_PLAIN;
	}
	if (desc) {
		char n[24], max[24];
		group_thousands(textfield_chars(text), l, n, sizeof(n));
		group_thousands(COMPLAINT_DESC_CHARS, l, max, sizeof(max));
		if (i18n_format(a->strings, l, "complaint.entry.count", buf, sizeof(buf), "n", n,
		                "max", max, I18N_END) < 0)
			v->overflow++;
		else
			screen_add_text(v, "complaint.entry.count", VIEW_ROLE_TEXT, l, buf,
			                APP_ACT_NONE);
	}
	/* Continue and Back come before the keyboard: a keypad user reaches them in two moves. */
	screen_add(v, a, VIEW_ROLE_BUTTON, desc ? "common.continue" : "complaint.field.done",
	           ACT_DONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	int set = c->keyset >= 0 && c->keyset < 3 ? c->keyset : 0;
	for (int i = 0; sets[set][i]; i++) {
		char label[8], id[24];
		if (c->shift)
			upper(sets[set][i], label, sizeof(label));
		else
			snprintf(label, sizeof(label), "%s", sets[set][i]);
		snprintf(id, sizeof(id), "key.%d.%d", set, i);
		screen_add_text(v, id, VIEW_ROLE_KEY, l, label, ACT_KEY + i);
	}
	struct view_node *n = screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.shift", ACT_SHIFT);
	if (n)
		n->state = c->shift ? VIEW_STATE_CHECKED : VIEW_STATE_NONE;
	screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.space", ACT_SPACE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.erase", ACT_ERASE);
	screen_add(v, a, VIEW_ROLE_BUTTON, set_keys[set], ACT_SET);
	screen_footer(v, a, true);
}

static void type(struct app *a, struct app_fx_list *fx, const char *utf8)
{
	struct complaint *c = &a->visit.complaint;
	int rc = complaint_type(c, utf8);
	if (rc == -E2BIG) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "complaint.error.full");
		return;
	}
	if (rc < 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		return;
	}
	c->error = NULL;
	app_rebuild(a);
	app_echo(a, fx, a->visit.complaint.echo, false, true);
}

static void erase(struct app *a, struct app_fx_list *fx)
{
	if (complaint_erase(&a->visit.complaint) < 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "keyboard.empty");
		return;
	}
	app_rebuild(a);
	app_echo(a, fx, a->visit.complaint.echo, true, true);
}

static void done(struct app *a, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	c->picker = -1;
	if (!a->visit.here.flow) {
		app_back(a, fx); /* a contact field: back to the contact step */
		return;
	}
	const char *err = complaint_check_description(c);
	if (err) {
		complaint_show_error(a, fx, err, COMPLAINT_DESCRIPTION);
		return;
	}
	app_flow_next(a, fx);
}

static void picker_say(struct app *a, struct app_fx_list *fx)
{
	const char *ch = textfield_picker_char(a->visit.complaint.picker);
	if (!ch) {
		app_say(a, fx, "keyboard.picker.done");
		return;
	}
	app_echo(a, fx, ch, false, false); /* the list's character, not the visitor's text */
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	switch (action) {
	case ACT_DONE:
		done(a, fx);
		return;
	case ACT_FIELD:
		/* K6: the keypad's way to type. */
		c->picker = TEXTFIELD_PICKER_FIRST;
		app_say(a, fx, "keyboard.picker.intro");
		picker_say(a, fx);
		return;
	case ACT_SHIFT:
		c->shift = !c->shift;
		app_rebuild(a);
		app_cue(a, fx, c->shift ? CUE_CHECKED : CUE_UNCHECKED);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	case ACT_SPACE:
		type(a, fx, " ");
		return;
	case ACT_ERASE:
		erase(a, fx);
		return;
	case ACT_SET:
		c->keyset = (c->keyset + 1) % 3;
		app_rebuild(a);
		app_cue(a, fx, CUE_PAGE);
		app_say(a, fx,
		        c->keyset == 0   ? "keyboard.now.letters"
		        : c->keyset == 1 ? "keyboard.now.accents"
		                         : "keyboard.now.digits");
		return;
	default: {
		int set = c->keyset >= 0 && c->keyset < 3 ? c->keyset : 0;
		int i = action - ACT_KEY;
		if (i < 0 || i >= 40 || !sets[set][i])
			return;
		char ch[8];
		if (c->shift)
			upper(sets[set][i], ch, sizeof(ch));
		else
			snprintf(ch, sizeof(ch), "%s", sets[set][i]);
		c->shift = false;
		type(a, fx, ch);
		return;
	}
	}
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	if (ev->type == APP_EV_TEXT) {
		type(a, fx, ev->text);
		return true;
	}
	if (ev->key == APP_KEY_ERASE) {
		erase(a, fx);
		return true;
	}
	if (!a->speech_mode)
		return false;
	if (ev->key == APP_KEY_DIGIT) {
		/* K5: digits type. */
		char d[2] = {(char)('0' + ev->digit), '\0'};
		type(a, fx, d);
		return true;
	}
	if (c->picker < 0)
		return false;
	int last = textfield_picker_count() - 1;
	switch (ev->key) {
	case APP_KEY_UP:
	case APP_KEY_DOWN: {
		int next = c->picker + (ev->key == APP_KEY_DOWN ? 1 : -1);
		if (next < 0 || next > last) {
			app_cue(a, fx, CUE_NO_ACTION);
			picker_say(a, fx);
			return true;
		}
		c->picker = next;
		app_cue(a, fx, CUE_MOVE);
		picker_say(a, fx);
		return true;
	}
	case APP_KEY_ACTION: {
		const char *ch = textfield_picker_char(c->picker);
		if (!ch) {
			c->picker = -1;
			app_say(a, fx, "keyboard.picker.left");
			return true;
		}
		type(a, fx, ch);
		return true;
	}
	case APP_KEY_BACK:
		erase(a, fx);
		return true;
	default:
		return false;
	}
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	(void)fx;
	a->visit.complaint.picker = -1;
	a->visit.complaint.keyset = 0;
	a->visit.complaint.shift = false;
}

static const char *sample(struct app *a, int i)
{
	struct complaint *c = &a->visit.complaint;
	a->visit.here =
	    (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_DESCRIPTION};
	text_copy(c->code, sizeof(c->code), "complaint_agency");
	if (i == 1) {
		text_copy(c->description, sizeof(c->description),
		          "Le guichet était fermé à 14 h sans avis. J’ai attendu « longtemps ».");
		c->keyset = 1;
		return "typed";
	}
	if (i == 2) {
		c->error = "complaint.error.empty";
		c->error_field = COMPLAINT_DESCRIPTION;
		return "error";
	}
	return "";
}

const struct screen_def screen_complaint_entry = {
    .name = "complaint_entry",
    .help_key = "help.screen.complaint_entry",
    .takes_text = true,
    .build = build,
    .act = act,
    .key = key,
    .enter = enter,
    .samples = 3,
    .sample = sample,
};
