package org.coophive.saas.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobRepository extends JpaRepository<SaasJob, UUID> {

    Page<SaasJob> findByAccountIdOrderByCreatedAtDesc(long accountId, Pageable page);

    Optional<SaasJob> findByIdAndAccountId(UUID id, long accountId);

    List<SaasJob> findByStatusIn(List<String> statuses);
}
