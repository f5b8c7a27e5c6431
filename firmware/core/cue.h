/* Cues: the short non-speech signals the core asks for (S6, V3). The core names the
 * meaning; voices/ maps a cue to an earcon and ui/ maps it to a visible flash, so the
 * core knows neither. Pure C. */
#ifndef ACCUEIL_CUE_H
#define ACCUEIL_CUE_H

enum cue {
	CUE_MOVE,       /* focus moved to something that does nothing */
	CUE_ACTIONABLE, /* focus moved to something that can be activated */
	CUE_CHECKED,
	CUE_UNCHECKED,
	CUE_ACTIVATE,
	CUE_NO_ACTION, /* end of list, wrong key */
	CUE_PAGE,      /* a new screen */
	CUE_ALERT,     /* an error or a warning */
	CUE_WORKING,   /* still waiting for the central */
	CUE_COUNT
};

#endif
