#!/usr/bin/perl
# proxy.pl PORTFILE TARGET_PORT [RATE] - a TCP relay on 127.0.0.1 for the
# TUI tests, so a test can cut the client's connection while banshid lives
# on: SIGUSR1 drops every connection and refuses new ones, SIGUSR2 lets them
# in again.  With RATE (bytes a second) it relays no faster, so an upload
# can be cut half way.  The port it listens on goes to PORTFILE.
use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;
use Time::HiRes qw(sleep);

my ($portfile, $target, $rate) = @ARGV;
die "usage: proxy.pl PORTFILE TARGET_PORT [RATE]\n" unless defined $target;
my $chunk = $rate ? ($rate < 16384 ? $rate : 16384) : 65536;

my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
    LocalPort => 0, Listen => 16, ReuseAddr => 1) or die "listen: $!\n";
open(my $f, '>', "$portfile.tmp") or die "$portfile.tmp: $!\n";
print $f $listen->sockport, "\n";
close($f);
rename("$portfile.tmp", $portfile) or die "rename: $!\n";

my $down = 0;
my %other;		# fileno -> [ socket, its peer ]
my $sel = IO::Select->new($listen);
$SIG{USR1} = sub { $down = 1; };
$SIG{USR2} = sub { $down = 0; };
$SIG{TERM} = sub { exit(0); };

sub drop {
	my ($s) = @_;
	my $fd = fileno($s);
	return unless defined $fd;
	my $pair = delete $other{$fd} or return;
	my $p = $pair->[1];
	delete $other{fileno($p)};
	$sel->remove($s, $p);
	close($s);
	close($p);
}

sub relay {
	my ($s) = @_;
	my $fd = fileno($s);
	return unless defined $fd;
	my $pair = $other{$fd} or return;
	my $n = sysread($s, my $buf, $chunk);
	if (!$n) {
		drop($s);
		return;
	}
	sleep($n / $rate) if $rate;
	my $off = 0;
	while ($off < $n) {
		my $w = syswrite($pair->[1], $buf, $n - $off, $off);
		if (!defined($w)) {
			drop($s);
			return;
		}
		$off += $w;
	}
}

sub accept_one {
	my $c = $listen->accept() or return;
	if ($down) {
		close($c);
		return;
	}
	my $u = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $target);
	if (!$u) {
		close($c);
		return;
	}
	$other{fileno($c)} = [ $c, $u ];
	$other{fileno($u)} = [ $u, $c ];
	$sel->add($c, $u);
}

while (1) {
	if ($down) {
		my @socks = map { $_->[0] } values %other;
		drop($_) for @socks;
	}
	for my $s ($sel->can_read(0.1)) {
		if ($s == $listen) {
			accept_one();
		} else {
			relay($s);
		}
	}
}
