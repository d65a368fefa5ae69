#!/usr/bin/perl
# A Perl Gearman::Worker (libgearman-client-perl) for the interop tests.
# usage: perl-worker.pl HOST PORT PREFIX
# Registers PREFIX.echo (result = payload), PREFIX.progress (payload N: WORK_STATUS 1/N .. N/N, result "done N"),
# PREFIX.hold (payload = a file path: WORK_STATUS 1/2, waits up to 30 s for that file, WORK_STATUS 2/2, result
# "released"), PREFIX.fail (returns undef: WORK_FAIL) and PREFIX.die (dies: WORK_EXCEPTION, then WORK_FAIL).
# Prints "READY" before serving and "DONE <handle>" / "FAILED <handle>" after each job. Exits after 300 s at most.
use strict;
use warnings;
use Gearman::Worker;

$| = 1;
my ($host, $port, $prefix) = @ARGV;
die "usage: perl-worker.pl HOST PORT PREFIX\n" unless defined $prefix;
$SIG{ALRM} = sub { print "TIMEOUT\n"; exit 3 };
alarm 300;

my $worker = Gearman::Worker->new(job_servers => ["$host:$port"]);
$worker->register_function("$prefix.echo" => sub { return $_[0]->arg });
$worker->register_function("$prefix.progress" => sub {
    my $job = shift;
    my $n = $job->arg;
    $job->set_status($_, $n) for 1 .. $n;
    return "done $n";
});
$worker->register_function("$prefix.hold" => sub {
    my $job = shift;
    my $release = $job->arg;
    $job->set_status(1, 2);
    for (1 .. 3000) {
        last if -e $release;
        select(undef, undef, undef, 0.01);
    }
    $job->set_status(2, 2);
    return "released";
});
$worker->register_function("$prefix.fail" => sub { return undef });
$worker->register_function("$prefix.die" => sub { die "perl job died\n" });

print "READY\n";
$worker->work(
    on_complete => sub { print "DONE $_[0]\n" },
    on_fail     => sub { print "FAILED $_[0]\n" },
);
