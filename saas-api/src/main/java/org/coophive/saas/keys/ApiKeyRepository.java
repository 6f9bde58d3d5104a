package org.coophive.saas.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    List<ApiKey> findByAccountIdAndRevokedAtIsNullOrderByIdDesc(long accountId);

    Optional<ApiKey> findByIdAndAccountId(long id, long accountId);

    long countByAccountIdAndRevokedAtIsNull(long accountId);

    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :at where k.id = :id")
    void touch(long id, Instant at);
}
