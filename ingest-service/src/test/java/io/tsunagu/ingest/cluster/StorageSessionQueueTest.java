package io.tsunagu.ingest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StorageSessionQueueTest {

    @Test
    void pageCarriesItsItemsInOrderAndWhereTheNextStarts() {
        String record = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        JsonObject body = new JsonObject("{\"items\":[{\"seq\":4,\"record\":\"" + record + "\"},"
                + "{\"seq\":6,\"record\":\"" + record + "\"}],\"nextAfter\":6}");

        QueuePage page = StorageSessionQueue.parsePage(body);

        assertThat(page.items()).extracting(QueuePage.QueueItem::seq).containsExactly(4L, 6L);
        assertThat(page.items().get(0).record()).containsExactly(1, 2, 3);
        assertThat(page.nextAfter()).hasValue(6);
    }

    @Test
    void lastPageHasNoNextAfter() {
        QueuePage page = StorageSessionQueue.parsePage(new JsonObject("{\"items\":[],\"nextAfter\":null}"));

        assertThat(page.items()).isEmpty();
        assertThat(page.nextAfter()).isEmpty();
    }
}
