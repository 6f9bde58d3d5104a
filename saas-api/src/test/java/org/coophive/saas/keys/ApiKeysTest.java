package org.coophive.saas.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiKeysTest extends SaasTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldShowANewKeyOnceAndStoreOnlyItsHash() {
        User user = newUser();

        var created = post(user, "/api/v1/api_keys", "{\"name\":\"laptop\"}");
        JsonNode key = JsonMapper.builder().build().readTree(created.body());
        String secret = key.path("key").asString();

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(secret).startsWith("ch_").hasSize(46);
        assertThat(get(user, "/api/v1/api_keys").body()).contains("laptop").doesNotContain(secret);
        assertThat(jdbc.queryForList("select key_hash, prefix from api_key where account_id = ?", user.id())
                        .toString())
                .doesNotContain(secret)
                .contains(ApiKeyService.hash(secret));
        User laptop = new User(user.id(), user.email(), secret);
        assertThat(get(laptop, "/api/v1/account").statusCode()).isEqualTo(200);
        assertThat(get(user, "/api/v1/api_keys").body()).contains("\"last_used_at\":\"");
    }

    @Test
    void shouldRefuseWrongRevokedAndMissingKeysWith401() {
        User user = newUser();
        long id = keys.list(user.id()).get(0).getId();

        assertThat(get(null, "/api/v1/account").statusCode()).isEqualTo(401);
        assertThat(get(new User(user.id(), user.email(), "ch_wrong"), "/api/v1/account")
                        .statusCode())
                .isEqualTo(401);
        var basic = send(request(null, "/api/v1/account")
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .GET()
                .build());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(delete(user, "/api/v1/api_keys/" + id).statusCode()).isEqualTo(204);
        var revoked = get(user, "/api/v1/account");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("wrong or revoked");
    }

    @Test
    void shouldNotLetOneUserRevokeAnothersKey() {
        User alice = newUser();
        User bob = newUser();
        long alicesKey = keys.list(alice.id()).get(0).getId();

        assertThat(delete(bob, "/api/v1/api_keys/" + alicesKey).statusCode()).isEqualTo(404);
        assertThat(get(alice, "/api/v1/account").statusCode()).isEqualTo(200);
        assertThat(get(bob, "/api/v1/api_keys").body()).doesNotContain("\"id\":" + alicesKey + ",");
    }

    @Test
    void shouldRefuseKeysWithoutAName() {
        User user = newUser();

        assertThat(post(user, "/api/v1/api_keys", "{\"name\":\"  \"}").statusCode())
                .isEqualTo(400);
        assertThat(post(user, "/api/v1/api_keys", "{\"name\":\"" + "n".repeat(101) + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(keys.list(user.id())).hasSize(1);
    }
}
