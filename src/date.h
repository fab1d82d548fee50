/* date.h: the one calendar (proleptic Gregorian, UTC) of slugserve and
 * slugindex: the length of a month and the day count that turns a date
 * into unix time, for the front-matter, TOML and HTTP date parsers. A day
 * the month does not have (2019-02-31) is an error everywhere; nothing
 * here wraps it into the next month as timegm(3) would. */
#ifndef SLUG_DATE_H
#define SLUG_DATE_H

#include <stdint.h>

/* date_days_in_month: 28 to 31; m is 1..12. */
int date_days_in_month(int64_t y, int m);

/* date_valid: 1 when y-m-d is a day of the calendar. */
int date_valid(int64_t y, int m, int d);

/* date_days_from_civil: days from 1970-01-01 to y-m-d (m 1..12). */
int64_t date_days_from_civil(int64_t y, int m, int d);

/* date_unix: the unix time of y-m-d h:mi:s UTC (s may be 60, a leap
 * second, which is the next minute's first). */
int64_t date_unix(int64_t y, int m, int d, int h, int mi, int s);

#endif
