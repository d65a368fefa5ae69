package io.gearmancdi.example.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redeploying the application while a background report runs loses nothing: the undeploy drains the workers for
 * {@code gearman.worker.shutdown-timeout} (2 s in the example), gives up the unfinished report by closing its
 * connection, gearmand puts the job back in its queue, and the redeployed application's workers run it to the end.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class RedeployScenarios {
    static final String DEPLOYMENT = "example";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    public static EnterpriseArchive ear() {
        return ExampleEar.load();
    }

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(DEPLOYMENT);
    }

    @Test
    @Order(2)
    void reportRunningDuringRedeployIsRequeuedAndCompletedByTheNewDeployment(
            @ArquillianResource @OperateOnDeployment(DEPLOYMENT) URL webModule) {
        GearmandProcess gearmand = GearmandExtension.current();
        Rest rest = new Rest(webModule);
        String unique = "redeploy-" + UUID.randomUUID();
        boolean deployed = true;
        try {
            // 40 pages x 200 ms = 8 s: well over the 2 s drain bound, even if the undeploy starts late on a busy machine
            JsonObject queued = rest.postJson("reports?customer=Initech&pages=40&millisPerPage=200&unique=" + unique);
            String statusQuery = "status?server=" + ExampleEarScenarios.encode(queued.getString("server"))
                    + "&handle=" + ExampleEarScenarios.encode(queued.getString("handle"));
            Poll.until("the report to make progress", Duration.ofSeconds(30), () -> {
                JsonObject s = rest.getJson(statusQuery);
                return s.getBoolean("running") && s.getJsonNumber("numerator").longValue() > 0 ? Optional.of(s)
                        : Optional.empty();
            });

            deployer.undeploy(DEPLOYMENT);
            deployed = false;
            // no worker left, the job is back in gearmand's queue, not lost (gearmand sees the closed connections
            // a moment after the undeploy returns)
            Poll.until("the report back in gearmand's queue: 1 job, 0 running, 0 workers", Duration.ofSeconds(15),
                    () -> Arrays.equals(functionStatus(gearmand, ExampleEarScenarios.REPORT_FUNCTION),
                            new int[] {1, 0, 0}) ? Optional.of(true) : Optional.empty());

            deployer.deploy(DEPLOYMENT);
            deployed = true;
            JsonObject report = Poll.until("the requeued report's result", Duration.ofSeconds(60), () -> {
                Rest.Answer answer = rest.get("reports/" + ExampleEarScenarios.encode(unique));
                return answer.status() == 200 ? Optional.of(answer.json()) : Optional.empty();
            });
            assertThat(report.getString("customer")).isEqualTo("Initech");
            assertThat(report.getInt("pages")).isEqualTo(40);
            assertThat(rest.getJson(statusQuery).getBoolean("known")).as("job still known to gearmand").isFalse();
            assertThat(functionStatus(gearmand, ExampleEarScenarios.REPORT_FUNCTION)[0]).as("jobs queued").isZero();
        } finally {
            if (deployed) {
                deployer.undeploy(DEPLOYMENT);
            }
        }
    }

    /** @return TOTAL, RUNNING and WORKERS of a function in gearmand's admin {@code status} */
    static int[] functionStatus(GearmandProcess gearmand, String function) {
        try {
            String status = gearmand.admin("status");
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(function) + "\t(\\d+)\t(\\d+)\t(\\d+)$").matcher(status);
            assertThat(m.find()).as("function %s in gearmand status:%n%s", function, status).isTrue();
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
