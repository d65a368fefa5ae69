#!/usr/bin/perl
# A Perl Gearman::Client (libgearman-client-perl) for the interop tests; prints one line per event.
# usage: perl-client.pl HOST PORT call FUNC PAYLOAD [exceptions]
#          prints "STATUS n d" per WORK_STATUS, then "RESULT <text>", "FAIL <reason>" or "EXCEPTION <text>"
#        perl-client.pl HOST PORT bg FUNC PAYLOAD UNIQUE      prints "HANDLE <handle>"
#        perl-client.pl HOST PORT status HANDLE               prints "STATUS known running n d"
#        perl-client.pl HOST PORT many FUNC N                 N jobs with payloads job-0..job-N-1 in one task set;
#          prints "DONE completed=C failed=F wrong=W"
# Every wait is bounded (30 s); the script exits after 120 s at most.
use strict;
use warnings;
use Gearman::Client;

$| = 1;
my ($host, $port, $cmd, @args) = @ARGV;
die "usage: perl-client.pl HOST PORT CMD ARGS...\n" unless defined $cmd;
$SIG{ALRM} = sub { print "TIMEOUT\n"; exit 3 };
alarm 120;

if ($cmd eq 'call') {
    my ($func, $payload, $exceptions) = @args;
    my $client = Gearman::Client->new(job_servers => ["$host:$port"], exceptions => ($exceptions ? 1 : 0));
    my $ts = $client->new_task_set;
    my $ended = 0;
    $ts->add_task($func, $payload, {
        on_status    => sub { print "STATUS $_[0] $_[1]\n" },
        on_complete  => sub { $ended = 1; print "RESULT ${ $_[0] }\n" },
        on_fail      => sub { $ended = 1; print "FAIL ", (defined $_[0] ? $_[0] : ''), "\n" },
        on_exception => sub { $ended = 1; print "EXCEPTION ", (defined $_[0] ? $_[0] : ''), "\n" },
    });
    $ts->wait(timeout => 30);
    print "NOTHING\n" unless $ended;
} elsif ($cmd eq 'bg') {
    my ($func, $payload, $uniq) = @args;
    my $client = Gearman::Client->new(job_servers => ["$host:$port"]);
    my $handle = $client->dispatch_background($func, $payload, { uniq => $uniq });
    print defined $handle ? "HANDLE $handle\n" : "FAIL no handle\n";
} elsif ($cmd eq 'status') {
    my ($handle) = @args;
    my $client = Gearman::Client->new(job_servers => ["$host:$port"]);
    # the handle of dispatch_background is "host:port//H:..."; accept a bare server handle too
    $handle = "$host:$port//$handle" unless $handle =~ m{//};
    my $st = $client->get_status($handle);
    if ($st) {
        my ($n, $d) = $st->progress ? @{ $st->progress } : (0, 0);
        printf "STATUS %d %d %s %s\n", ($st->known ? 1 : 0), ($st->running ? 1 : 0), $n, $d;
    } else {
        print "STATUS 0 0 0 0\n";
    }
} elsif ($cmd eq 'many') {
    my ($func, $n) = @args;
    my $client = Gearman::Client->new(job_servers => ["$host:$port"]);
    my $ts = $client->new_task_set;
    my ($completed, $failed, $wrong) = (0, 0, 0);
    # no payload "0": Gearman::Worker 2.004 sends a false result ("0", "") as a WORK_COMPLETE without its separator
    for my $i (0 .. $n - 1) {
        $ts->add_task($func, "job-$i", {
            on_complete => sub { $completed++; $wrong++ unless ${ $_[0] } eq "job-$i" },
            on_fail     => sub { $failed++ },
        });
    }
    $ts->wait(timeout => 30);
    print "DONE completed=$completed failed=$failed wrong=$wrong\n";
} else {
    die "unknown command $cmd\n";
}
