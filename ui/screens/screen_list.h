/* Every screen, once: SCREEN(name) for the definition `screen_name` in ui/screens/name.c.
 * Included by screens.h (declarations) and screens.c (the table). No include guard. */
SCREEN(attract)
SCREEN(home)
SCREEN(help)
SCREEN(keypad)
SCREEN(tutorial)
SCREEN(options)
SCREEN(staff)
SCREEN(timeout)
SCREEN(unavailable)
SCREEN(discard)
