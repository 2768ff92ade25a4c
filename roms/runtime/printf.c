/*
 * A minimal printf on the PL011: %s %c %d %u %x %p, the 'l' length modifier, a field
 * width and '0' padding (so %lx and %016lx work).  Nothing else.
 */
#include "rt.h"

static int put_num(uint64_t v, unsigned base, int neg, unsigned width, char pad)
{
	char buf[24];
	int n = 0, out = 0;
	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	for (unsigned w = (unsigned)n; w < width; w++, out++)
		uart_putc(pad);
	while (n)
		uart_putc(buf[--n]), out++;
	return out;
}

int rt_vprintf(const char *fmt, va_list ap)
{
	int out = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			uart_putc(*fmt);
			out++;
			continue;
		}
		fmt++;
		char pad = ' ';
		unsigned width = 0;
		int is_long = 0;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l')
			is_long = 1, fmt++;
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (; *s; s++, out++)
				uart_putc(*s);
			break;
		}
		case 'c':
			uart_putc((char)va_arg(ap, int));
			out++;
			break;
		case 'd': {
			int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			out += put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			out += put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10,
				       0, width, pad);
			break;
		case 'x':
			out += put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16,
				       0, width, pad);
			break;
		case 'p':
			uart_puts("0x");
			out += 2 + put_num((uint64_t)va_arg(ap, void *), 16, 0, width, pad);
			break;
		case '%':
			uart_putc('%');
			out++;
			break;
		case '\0':
			return out;
		default:
			uart_putc('%');
			uart_putc(*fmt);
			out += 2;
			break;
		}
	}
	return out;
}

int rt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = rt_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
