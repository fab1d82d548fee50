#!/usr/bin/perl
# t/log-messages.pl DOC SRC...: every message slugserve can log (the
# log_error/log_warning/log_notice/log_msg/log_defer calls, and each
# fprintf(stderr, "slugserve: ...") left) must be documented in DOC as a
# code span, the conversions (%s, %d, ...) written as any word such as
# PATH or REASON. Prints one TAP line per message (for t/log-messages.sh).
use strict;
use warnings;

my ($doc, @src) = @ARGV;
open(my $fh, '<', $doc) or die "$doc: $!";
my @spans;
while (my $line = <$fh>) {
	push @spans, $1 while $line =~ /`([^`]+)`/g;
}
close $fh;

my $lit = qr/"(?:[^"\\]|\\.)*"/;
my @msgs;	# [file:line, level regex, format]
for my $f (@src) {
	next if $f =~ m{(^|/)log\.c$};	# the module's own line format
	open(my $in, '<', $f) or die "$f: $!";
	local $/;
	my $text = <$in>;
	close $in;
	while ($text =~ /\b(log_error|log_warning|log_notice|log_msg|log_defer)\s*\(\s*((?:[^,"();]|\([^()]*\))*,\s*)?((?:$lit\s*)+)/g) {
		my ($fn, $arg, $fmt, $at) = ($1, $2 // '', $3, $-[0]);
		next if $fn =~ /^log_(msg|defer)$/ && $arg eq '';	# the prototypes
		my $level = $fn =~ /^log_(error|warning|notice)$/ ? $1
		    : $arg =~ /SLOG_(ERROR|WARNING|NOTICE)\s*,\s*$/ && $arg !~ /\?/ ? lc $1
		    : '(?:error|warning|notice)';
		push @msgs, [where($f, $text, $at), $level, join_lits($fmt)];
	}
	while ($text =~ /\bfprintf\s*\(\s*stderr\s*,\s*((?:$lit\s*)+)/g) {
		my ($fmt, $at) = (join_lits($1), $-[0]);
		next unless $fmt =~ s/^slugserve: //;
		push @msgs, [where($f, $text, $at), '', $fmt];
	}
}

my ($n, $bad) = (0, 0);
for my $m (@msgs) {
	my ($at, $level, $fmt) = @$m;
	$fmt =~ s/\\n.*//s;	# the line, without what follows it (usage)
	my @parts = split /%[-+ #0-9.*]*(?:hh|h|ll|l|j|z|t)?[diouxXcsp]/, $fmt, -1;
	my $re = join '.*?', map { quotemeta(unescape($_)) } @parts;
	my $prefix = $level eq '' ? 'slugserve: ' : "slugserve: $level: ";
	my $shown = $prefix . unescape($fmt);
	$shown =~ s/^slugserve: \(\?:error\|warning\|notice\)/slugserve: LEVEL/;
	$n++;
	if (grep { /^\Q$prefix\E$re$/ || ($level =~ /\|/ && /^slugserve: (?:error|warning|notice): $re$/) } @spans) {
		print "ok $n - documented: $shown\n";
	} else {
		$bad++;
		print "not ok $n - documented: $shown\n# $at: not in $doc\n";
	}
}
print "1..$n\n";
exit($bad ? 1 : 0);

sub join_lits {
	my ($s) = @_;
	my $out = '';
	$out .= $1 while $s =~ /"((?:[^"\\]|\\.)*)"/g;
	return $out;
}

sub unescape {
	my ($s) = @_;
	$s =~ s/\\"/"/g;
	$s =~ s/\\\\/\\/g;
	$s =~ s/%%/%/g;
	return $s;
}

sub where {
	my ($f, $text, $at) = @_;
	my $line = 1 + (substr($text, 0, $at) =~ tr/\n//);
	return "$f:$line";
}
