package org.coophive.common.solver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's answer to a result files upload ({@code POST /deals/{id}/files}).
 *
 * @param dealId the deal the files belong to
 * @param dataId the content id of the stored tar bytes; the result's {@code data_id} must match
 * @param size the number of bytes stored
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadedFiles(String dealId, String dataId, long size) {

    public UploadedFiles {
        dealId = dealId == null ? "" : dealId;
        dataId = dataId == null ? "" : dataId;
    }
}
